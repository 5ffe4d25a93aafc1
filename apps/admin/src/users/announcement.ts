import type { Formatters } from "../i18n/format";
import type { Messages } from "../i18n/messages";
import type { LiveChange } from "./live/use-new-user-signals";

/** One polite sentence for screen readers: the name of a single new or changed user, counts for a burst. */
export function announcementFor(changes: readonly LiveChange[], t: Messages, format: Formatters): string {
  const created = changes.filter((change) => change.kind === "created");
  const updated = changes.filter((change) => change.kind === "updated");
  const parts: string[] = [];
  if (created.length === 1 && created[0]) parts.push(t.newUser(created[0].user.fullName));
  else if (created.length > 1) parts.push(t.newUsers(format.number(created.length)));
  if (updated.length === 1 && updated[0]) parts.push(t.updatedUser(updated[0].user.fullName));
  else if (updated.length > 1) parts.push(t.updatedUsers(format.number(updated.length)));
  return parts.join(" ");
}
