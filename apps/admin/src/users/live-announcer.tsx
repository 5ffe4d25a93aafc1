import { useI18n } from "../i18n/i18n-context";
import { announcementFor } from "./announcement";
import type { LiveChange } from "./live/use-new-user-signals";

/** A polite live region: screen readers read new and changed users without moving the focus. */
export function LiveAnnouncer({ changes }: { changes: readonly LiveChange[] }) {
  const { t, format } = useI18n();
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {announcementFor(changes, t, format)}
    </div>
  );
}
