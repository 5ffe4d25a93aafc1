import type { PublicUser } from "@moien/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type RefObject } from "react";
import { isApiError } from "../api/api-errors";
import { errorMessage } from "../app/error-message";
import { can } from "@moien/contracts";
import { useServices, useSessionState } from "../app/services";
import { flagEmoji, formatPhone } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import { SuspensionBadge } from "./panel/suspension-badge";
import { UserEditForm } from "./panel/user-edit-form";
import { UserSuspendForm } from "./panel/user-suspend-form";
import { type SuspendedUsers, suspendedUsersQueryKey, suspendedUsersQueryOptions } from "./suspensions/suspended-users";
import { userQueryOptions } from "./user-query";

type Props = {
  userId: string;
  /** The row already loaded for this id, if any: shown without waiting. */
  known?: PublicUser;
  onClose: () => void;
  /** Absent when the operator's role may not delete. */
  onDelete?: (user: PublicUser) => void;
  /** Where the focus goes on close when the element that opened the panel is gone (a deep link). */
  fallbackFocus: RefObject<HTMLElement | null>;
};

/**
 * A user's details beside the table (`/users/<id>`): focus moves in on open and back on close. Edit,
 * suspend or reinstate, and delete from here; the values and the badge follow the socket.
 */
export function UserPanel({ userId, known, onClose, onDelete, fallbackFocus }: Props) {
  const { api } = useServices();
  const client = useQueryClient();
  const { t, format } = useI18n();
  const query = useQuery(userQueryOptions(api, userId, known));
  const role = useSessionState().session?.operator.role;
  const mayEdit = can(role, "users.edit");
  const suspension = useQuery(suspendedUsersQueryOptions(api)).data?.get(userId);
  const [mode, setMode] = useState<"view" | "edit" | "suspend">("view");
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reinstate = useMutation({
    mutationFn: async () => {
      try {
        await api.reinstateUser(userId);
      } catch (error) {
        if (!isApiError(error, 404)) throw error; // already reinstated: the goal is reached
      }
    },
    onSuccess: () =>
      client.setQueryData<SuspendedUsers>(suspendedUsersQueryKey, (data) => {
        const next = new Map(data);
        next.delete(userId);
        return next;
      }),
    onError: (error) => setFailure(t.suspendFailed(errorMessage(error, t))),
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const fallback = fallbackFocus.current;
    heading.current?.focus();
    return () => {
      // After the render that removed the panel: the opener (a row's link) may be recycled by then.
      queueMicrotask(() => (opener && opener !== document.body && opener.isConnected ? opener : fallback)?.focus());
    };
  }, [userId, fallbackFocus]);

  const user = query.data;
  return (
    <aside className="panel" aria-labelledby="user-panel-title" data-testid="user-panel" data-user-id={userId}>
      <div className="panel__head">
        <h2 id="user-panel-title" className="panel__title" tabIndex={-1} ref={heading}>
          {user ? <bdi>{user.fullName}</bdi> : t.userDetails}
          {user && suspension && <SuspensionBadge />}
        </h2>
        <button
          type="button"
          className="button button--small button--quiet"
          data-testid="close-panel"
          aria-label={t.closePanel}
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      {query.isPending ? (
        <p className="panel__status" role="status">
          {t.loadingUser}
        </p>
      ) : query.isError ? (
        <p className="panel__status panel__status--error" role="alert">
          {errorMessage(query.error, t)}
        </p>
      ) : !user ? (
        <p className="panel__status" role="status" data-testid="user-missing">
          {t.userNotFound}
        </p>
      ) : mode === "edit" ? (
        <UserEditForm user={user} onDone={() => setMode("view")} />
      ) : mode === "suspend" ? (
        <UserSuspendForm user={user} onDone={() => setMode("view")} />
      ) : (
        <>
          {suspension && (
            <div className="notice panel__suspension" data-testid="panel-suspension">
              <p>
                {suspension.until ? t.suspendedUntil(format.dateTime(suspension.until)) : t.suspendedIndefinitely}
                {suspension.by && <> · {t.suspendedBy(suspension.by.email)}</>}
              </p>
              {suspension.reason && (
                <p>
                  {t.suspendReason}: <bdi data-testid="panel-suspension-reason">{suspension.reason}</bdi>
                </p>
              )}
            </div>
          )}
          <dl className="panel__fields">
            <dt>{t.columnEmail}</dt>
            <dd dir="ltr" data-testid="panel-email">
              {user.email}
            </dd>
            <dt>{t.columnPhone}</dt>
            <dd>
              <bdi dir="ltr" data-testid="panel-phone" data-phone={user.phone}>
                {formatPhone(user.phone)}
              </bdi>
            </dd>
            <dt>{t.columnCountry}</dt>
            <dd>
              <span className="flag" aria-hidden="true">
                {flagEmoji(user.countryCode)}
              </span>{" "}
              {format.country(user.countryCode, user.countryName)}
            </dd>
            <dt>{t.columnRegistered}</dt>
            <dd>
              <time dateTime={user.createdAt}>{format.dateTime(user.createdAt)}</time>
            </dd>
            <dt>{t.userId}</dt>
            <dd dir="ltr" className="panel__id" data-testid="panel-id">
              {user.id}
            </dd>
          </dl>
          {failure && (
            <p className="panel__status panel__status--error" role="alert">
              {failure}
            </p>
          )}
          <div className="panel__actions">
            {mayEdit && (
              <button type="button" className="button" data-testid="panel-edit" onClick={() => setMode("edit")}>
                {t.editUser}
              </button>
            )}
            {!mayEdit ? null : suspension ? (
              <button
                type="button"
                className="button"
                data-testid="panel-reinstate"
                disabled={reinstate.isPending}
                onClick={() => {
                  setFailure(null);
                  reinstate.mutate();
                }}
              >
                {t.reinstate}
              </button>
            ) : (
              <button type="button" className="button" data-testid="panel-suspend" onClick={() => setMode("suspend")}>
                {t.suspend}
              </button>
            )}
            {onDelete && (
              <button type="button" className="button button--danger" data-testid="panel-delete" onClick={() => onDelete(user)}>
                {t.confirmDelete}
              </button>
            )}
          </div>
        </>
      )}
    </aside>
  );
}
