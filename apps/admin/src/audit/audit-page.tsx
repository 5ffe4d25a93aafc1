import { AuditActionSchema, can, type AuditAction } from "@moien/contracts";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import { AppHeader } from "../app/app-header";
import { errorMessage } from "../app/error-message";
import { navigate, useLocation } from "../app/router";
import { useServices, useSessionState } from "../app/services";
import type { Formatters } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import type { Messages } from "../i18n/messages";
import { detailPairs } from "./audit-details";
import { auditQueryOptions } from "./audit-query";
import { BackupButton } from "./backup-button";
import { useLiveAudit } from "./use-live-audit";

const ACTIONS = AuditActionSchema.options;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** A detail's value for people: known words translated (each item of a list: an update's fields), instants as dates. */
const detailValue = (value: string, t: Messages, format: Formatters): string =>
  t.detailValues[value] ??
  (ISO_INSTANT.test(value)
    ? format.dateTime(value)
    : value
        .split(",")
        .map((item) => t.detailValues[item] ?? item)
        .join(", "));

/** `/audit?action=`: who did what, newest first, more as you scroll. */
export function AuditPage() {
  const { api } = useServices();
  const { session } = useSessionState();
  const { t, format } = useI18n();
  const location = useLocation();
  const parsed = AuditActionSchema.safeParse(new URLSearchParams(location.search).get("action"));
  const action: AuditAction | null = parsed.success ? parsed.data : null;
  const options = auditQueryOptions(api, action);
  const query = useInfiniteQuery(options);
  useLiveAudit(options.queryKey, action);
  const entries = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, entries.length]);

  return (
    <div className="page page--audit">
      <AppHeader signedIn />
      <main className="audit">
        <div className="users__toolbar">
          <h1 className="users__title">{t.auditTitle}</h1>
          <label className="filters__field">
            <span className="search__label">{t.auditFilter}</span>
            <select
              className="filters__input"
              data-testid="audit-action"
              value={action ?? ""}
              onChange={(event) => navigate(event.target.value ? `/audit?action=${event.target.value}` : "/audit", { replace: true })}
            >
              <option value="">{t.allActions}</option>
              {ACTIONS.map((value) => (
                <option key={value} value={value}>
                  {t.auditActions[value]}
                </option>
              ))}
            </select>
          </label>
          <p className="users__count" data-testid="audit-count">
            {t.auditCount(entries.length, format.number(entries.length))}
          </p>
          {can(session?.operator.role, "backup.download") && <BackupButton />}
        </div>
        <div className="audit__scroll" tabIndex={0} role="region" aria-label={t.auditTitle}>
          <table className="audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t.columnTime}</th>
                <th scope="col">{t.columnAction}</th>
                <th scope="col">{t.columnActor}</th>
                <th scope="col">{t.columnTarget}</th>
                <th scope="col">{t.columnDetails}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-target={entry.target?.id ?? ""}>
                  <td className="audit-table__time">
                    <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
                  </td>
                  <td>{t.auditActions[entry.action]}</td>
                  <td data-testid="audit-actor">
                    {entry.actor ? (
                      <bdi dir="ltr">{entry.actor.email}</bdi>
                    ) : (
                      <span className="audit-table__muted">{t.actorNone(entry.action)}</span>
                    )}
                  </td>
                  <td className="audit-table__id">{entry.target ? <bdi dir="ltr">{entry.target.id}</bdi> : "—"}</td>
                  <td className="audit-table__details">
                    {detailPairs(entry).map(([key, value]) => (
                      <span key={key} className="audit-table__detail">
                        {t.detailLabels[key] ?? key}: <bdi>{detailValue(value, t, format)}</bdi>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.isPending ? (
            <p className="table-status" role="status">
              {t.auditLoading}
            </p>
          ) : query.isError && entries.length === 0 ? (
            <div className="table-status table-status--error" role="alert">
              <p>
                {t.auditLoadFailed} {errorMessage(query.error, t)}
              </p>
              <button type="button" className="button" onClick={() => void query.refetch()}>
                {t.retry}
              </button>
            </div>
          ) : entries.length === 0 ? (
            <p className="table-status">{t.noAuditEntries}</p>
          ) : null}
          <div ref={sentinel} className="audit__sentinel" />
          {hasNextPage && (
            <p className="table-status">
              <button
                type="button"
                className="button"
                data-testid="audit-more"
                disabled={isFetchingNextPage}
                onClick={() => void fetchNextPage()}
              >
                {isFetchingNextPage ? t.loadingMore : t.loadMore}
              </button>
            </p>
          )}
        </div>
      </main>
    </div>
  );
}
