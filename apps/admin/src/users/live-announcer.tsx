import type { PublicUser } from "@moien/contracts";
import { useI18n } from "../i18n/i18n-context";
import { announcementFor } from "./announcement";

/** A polite live region: screen readers read new users without moving the focus. */
export function LiveAnnouncer({ users }: { users: readonly PublicUser[] }) {
  const { t, format } = useI18n();
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {announcementFor(users, t, format)}
    </div>
  );
}
