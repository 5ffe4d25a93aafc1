import type { PublicUser } from "@moien/contracts";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { navigate } from "../app/router";
import { can } from "@moien/contracts";
import { useServices, useSessionState } from "../app/services";
import { isolate } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import { StatsHeader } from "../stats/stats-header";
import { ConnectionIndicator } from "./connection-indicator";
import { DeleteDialog } from "./delete-dialog";
import { useViewFilters } from "./filters/use-view-filters";
import { hasFilters } from "./filters/view-filters";
import { LiveAnnouncer } from "./live-announcer";
import { createLiveRegistry } from "./live/live-registry";
import { SEARCH_INPUT_ID } from "./search-box";
import { useDeleteUser } from "./use-delete-user";
import { useKeyboardShortcuts } from "./use-keyboard-shortcuts";
import { useLiveUsers } from "./live/use-live-users";
import { UserPanel } from "./user-panel";
import { flattenUsers } from "./users-data";
import { usersQueryOptions } from "./users-query";
import { UsersTable } from "./users-table";
import { UsersToolbar } from "./users-toolbar";
import { suspendedUsersQueryOptions, type SuspendedUsers } from "./suspensions/suspended-users";

const NONE_SUSPENDED: SuspendedUsers = new Map();

/** The users view: statistics, search and filters, the live table, and a user's details at `/users/<id>`. */
export function UsersPage({ sessionId, userId }: { sessionId: string; userId: string | null }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [registry] = useState(createLiveRegistry);
  const viewState = useViewFilters();
  const { view, search, filters } = viewState;
  const [confirming, setConfirming] = useState<PublicUser | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const query = useInfiniteQuery(usersQueryOptions(api, view));
  const rows = useMemo(() => flattenUsers(query.data), [query.data]);
  const live = useLiveUsers(sessionId, view, registry);
  const suspended = useQuery(suspendedUsersQueryOptions(api)).data ?? NONE_SUSPENDED;

  const remove = useDeleteUser(registry, (user, error) => setFailure(t.deleteFailed(isolate(user.fullName), errorMessage(error, t))));
  const { fetchNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const askToDelete = useCallback((user: PublicUser) => setConfirming(user), []);
  // The console shows each operator only what their role may do (the server refuses the rest anyway).
  const { session } = useSessionState();
  const mayDelete = can(session?.operator.role, "users.delete");
  const closePanel = useCallback(() => navigate(`/${search}`), [search]);

  useKeyboardShortcuts({
    onSlash: () => document.getElementById(SEARCH_INPUT_ID)?.focus(),
    onEscape: () => {
      if (userId && !confirming) closePanel();
    },
  });

  const placeholder = query.isPending ? (
    <p className="table-status" role="status">
      {t.loading}
    </p>
  ) : query.isError && rows.length === 0 ? (
    <div className="table-status table-status--error" role="alert">
      <p>
        {t.loadFailed} {errorMessage(query.error, t)}
      </p>
      <button type="button" className="button" onClick={() => void query.refetch()}>
        {t.retry}
      </button>
    </div>
  ) : rows.length === 0 ? (
    <p className="table-status">{filters.q ? t.noMatches(isolate(filters.q)) : hasFilters(filters) ? t.noFilterMatches : t.noUsers}</p>
  ) : undefined;

  return (
    <div className="page page--users">
      <AppHeader signedIn>
        <ConnectionIndicator status={live.connection} />
      </AppHeader>
      <main className="users">
        <StatsHeader />
        <UsersToolbar state={viewState} loaded={rows.length} />
        {failure && (
          <div className="error-banner error-banner--dismissable" role="alert" data-testid="delete-error">
            <span>{failure}</span>
            <button type="button" className="button button--small button--quiet" onClick={() => setFailure(null)}>
              {t.dismiss}
            </button>
          </div>
        )}
        <div className={userId ? "users__body users__body--panel" : "users__body"}>
          <UsersTable
            rows={rows}
            stale={query.isPlaceholderData}
            highlighted={live.highlighted}
            suspended={suspended}
            hasMore={query.hasNextPage && !query.isPlaceholderData}
            loadingMore={query.isFetchingNextPage}
            onLoadMore={loadMore}
            onDelete={mayDelete ? askToDelete : undefined}
            scrollRef={scrollRef}
            search={search}
            selectedId={userId}
            placeholder={placeholder}
          />
          {userId && (
            <UserPanel
              key={userId}
              userId={userId}
              known={rows.find((row) => row.id === userId)}
              onClose={closePanel}
              onDelete={mayDelete ? askToDelete : undefined}
              fallbackFocus={scrollRef}
            />
          )}
        </div>
        <LiveAnnouncer changes={live.toAnnounce} />
      </main>
      {confirming && (
        <DeleteDialog
          user={confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={(user) => {
            setConfirming(null);
            setFailure(null);
            remove.mutate(user);
            if (user.id === userId) closePanel();
            scrollRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}
