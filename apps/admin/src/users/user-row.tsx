import type { PublicUser } from "@moien/contracts";
import { memo, type CSSProperties } from "react";
import { AppLink } from "../app/app-link";
import { flagEmoji, formatPhone } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import { SuspensionBadge } from "./panel/suspension-badge";

type Props = {
  user: PublicUser;
  rowIndex: number;
  highlighted: boolean;
  /** Its details are open in the side panel. */
  selected: boolean;
  suspended: boolean;
  style: CSSProperties;
  /** The current query string, kept by the details link so closing the panel returns to the same view. */
  search: string;
  /** Absent when the operator's role may not delete: no button. */
  onDelete?: (user: PublicUser) => void;
};

export const userPath = (id: string, search = "") => `/users/${encodeURIComponent(id)}${search}`;

export const UserRow = memo(function UserRow({ user, rowIndex, highlighted, selected, suspended, style, search, onDelete }: Props) {
  const { t, format } = useI18n();
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={`users-table__row${highlighted ? " users-table__row--new" : ""}${selected ? " users-table__row--selected" : ""}`}
      aria-current={selected ? "true" : undefined}
      style={style}
      data-testid="user-row"
      data-user-id={user.id}
    >
      <div role="cell" className="cell cell--name" title={user.fullName}>
        <AppLink className="cell__text cell__link" dir="auto" href={userPath(user.id, search)} data-testid="open-user">
          {user.fullName}
        </AppLink>
        {suspended && <SuspensionBadge />}
      </div>
      <div role="cell" className="cell cell--email" title={user.email}>
        <span className="cell__text" dir="ltr">
          {user.email}
        </span>
      </div>
      <div role="cell" className="cell cell--phone" title={user.phone}>
        {/* Grouped for reading, left to right in both layouts; the digits (what search and copy use) are unchanged. */}
        <bdi className="cell__text" dir="ltr" data-phone={user.phone}>
          {formatPhone(user.phone)}
        </bdi>
      </div>
      <div role="cell" className="cell cell--country" title={user.countryName}>
        <span className="flag" aria-hidden="true">
          {flagEmoji(user.countryCode)}
        </span>
        <span className="cell__text">{format.country(user.countryCode, user.countryName)}</span>
      </div>
      <div role="cell" className="cell cell--date">
        <time className="cell__text" dateTime={user.createdAt}>
          {format.dateTime(user.createdAt)}
        </time>
      </div>
      <div role="cell" className="cell cell--actions">
        {onDelete && (
          <button
            type="button"
            className="button button--small button--danger-quiet"
            data-testid="delete-user"
            aria-label={t.deleteUser(user.fullName)}
            onClick={() => onDelete(user)}
          >
            {t.delete}
          </button>
        )}
      </div>
    </div>
  );
});
