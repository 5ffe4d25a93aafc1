import type { PublicUser } from "@moien/contracts";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { useServices } from "../app/services";
import { isolate } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import { ConnectionIndicator } from "./connection-indicator";
import { DeleteDialog } from "./delete-dialog";
import { LiveAnnouncer } from "./live-announcer";
import { createLiveRegistry } from "./live-registry";
import { SearchBox } from "./search-box";
import { normalizeSearch } from "./search-match";
import { useDebouncedValue } from "./use-debounced-value";
import { useDeleteUser } from "./use-delete-user";
import { useLiveUsers } from "./use-live-users";
import { flattenUsers } from "./users-data";
import { usersQueryOptions } from "./users-query";
import { UsersTable } from "./users-table";

const SEARCH_DEBOUNCE_MS = 250;

export function UsersPage({ token }: { token: string }) {
  const { api, session } = useServices();
  const { t, format } = useI18n();
  const [registry] = useState(createLiveRegistry);
  const [searchInput, setSearchInput] = useState("");
  const search = normalizeSearch(useDebouncedValue(searchInput, SEARCH_DEBOUNCE_MS));
  const [confirming, setConfirming] = useState<PublicUser | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const query = useInfiniteQuery(usersQueryOptions(api, search));
  const rows = useMemo(() => flattenUsers(query.data), [query.data]);
  const live = useLiveUsers(token, search, registry);

  const remove = useDeleteUser(registry, (user, error) =>
    setFailure(t.deleteFailed(isolate(user.fullName), errorMessage(error, t))),
  );
  const { fetchNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const askToDelete = useCallback((user: PublicUser) => setConfirming(user), []);

  const placeholder = query.isPending ? (
    <p className="table-status" role="status">{t.loading}</p>
  ) : query.isError && rows.length === 0 ? (
    <div className="table-status table-status--error" role="alert">
      <p>{t.loadFailed} {errorMessage(query.error, t)}</p>
      <button type="button" className="button" onClick={() => void query.refetch()}>{t.retry}</button>
    </div>
  ) : rows.length === 0 ? (
    <p className="table-status">{search ? t.noMatches(isolate(search)) : t.noUsers}</p>
  ) : undefined;

  return (
    <div className="page page--users">
      <AppHeader>
        <ConnectionIndicator status={live.connection} />
        <button type="button" className="button button--quiet" data-testid="sign-out" onClick={() => session.signOut()}>
          {t.signOut}
        </button>
      </AppHeader>
      <main className="users">
        <div className="users__toolbar">
          <h1 className="users__title">{t.usersTable}</h1>
          <SearchBox value={searchInput} onChange={setSearchInput} />
          <p className="users__count" data-testid="loaded-count">{t.loadedCount(format.number(rows.length))}</p>
        </div>
        {failure && (
          <div className="error-banner error-banner--dismissable" role="alert" data-testid="delete-error">
            <span>{failure}</span>
            <button type="button" className="button button--small button--quiet" onClick={() => setFailure(null)}>
              {t.dismiss}
            </button>
          </div>
        )}
        <UsersTable
          rows={rows}
          stale={query.isPlaceholderData}
          highlighted={live.highlighted}
          hasMore={query.hasNextPage && !query.isPlaceholderData}
          loadingMore={query.isFetchingNextPage}
          onLoadMore={loadMore}
          onDelete={askToDelete}
          scrollRef={scrollRef}
          placeholder={placeholder}
        />
        <LiveAnnouncer users={live.toAnnounce} />
      </main>
      {confirming && (
        <DeleteDialog
          user={confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={(user) => {
            setConfirming(null);
            setFailure(null);
            remove.mutate(user);
            scrollRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}
