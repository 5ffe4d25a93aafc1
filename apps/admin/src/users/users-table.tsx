import type { PublicUser } from "@moien/contracts";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import { useI18n } from "../i18n/i18n-context";
import { UserRow } from "./user-row";

// Fixed heights keep 10,000 rows cheap: no measuring, the CSS uses the same values.
const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 44;
const LOAD_MORE_WITHIN = 15;

type Props = {
  rows: readonly PublicUser[];
  /** Rows of the previous search, shown while the new one loads. */
  stale: boolean;
  highlighted: ReadonlySet<string>;
  /** Ids of the users suspended now: their rows carry a badge. */
  suspended: ReadonlyMap<string, unknown>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Absent when the operator's role may not delete. */
  onDelete?: (user: PublicUser) => void;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The query string of the view, kept by the details links. */
  search: string;
  /** The user whose details are open. */
  selectedId: string | null;
  /** Loading, empty or error state shown under the header. */
  placeholder?: ReactNode;
};

export function UsersTable({
  rows,
  stale,
  highlighted,
  suspended,
  hasMore,
  loadingMore,
  onLoadMore,
  onDelete,
  scrollRef,
  search,
  selectedId,
  placeholder,
}: Props) {
  const { t } = useI18n();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const onLoadMoreRef = useRef(onLoadMore);
  onLoadMoreRef.current = onLoadMore;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - LOAD_MORE_WITHIN) onLoadMoreRef.current();
  }, [hasMore, loadingMore, lastIndex, rows.length]);

  return (
    <div
      className={stale ? "table-scroll table-scroll--stale" : "table-scroll"}
      ref={scrollRef}
      tabIndex={0}
      role="region"
      aria-label={t.usersTable}
      aria-busy={stale}
    >
      <div role="table" className="users-table" aria-label={t.usersTable} aria-rowcount={hasMore ? -1 : rows.length + 1}>
        <div role="rowgroup" className="users-table__head">
          <div role="row" aria-rowindex={1} className="users-table__row users-table__row--head">
            <div role="columnheader" className="cell">
              {t.columnName}
            </div>
            <div role="columnheader" className="cell">
              {t.columnEmail}
            </div>
            <div role="columnheader" className="cell">
              {t.columnPhone}
            </div>
            <div role="columnheader" className="cell">
              {t.columnCountry}
            </div>
            <div role="columnheader" className="cell">
              {t.columnRegistered}
            </div>
            <div role="columnheader" className="cell cell--actions">
              <span className="visually-hidden">{t.columnActions}</span>
            </div>
          </div>
        </div>
        <div role="rowgroup" className="users-table__body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const user = rows[item.index];
            if (!user) return null;
            return (
              <UserRow
                key={user.id}
                user={user}
                rowIndex={item.index + 2}
                highlighted={highlighted.has(user.id)}
                selected={user.id === selectedId}
                suspended={suspended.has(user.id)}
                onDelete={onDelete}
                search={search}
                style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              />
            );
          })}
        </div>
      </div>
      {placeholder}
      {loadingMore && (
        <p className="table-status" role="status">
          {t.loadingMore}
        </p>
      )}
    </div>
  );
}
