import type { PublicUser } from "@moien/contracts";
import type { Formatters } from "../i18n/format";
import type { Messages } from "../i18n/messages";

/** One polite sentence for screen readers: the name of a single new user, a count for a burst. */
export function announcementFor(users: readonly PublicUser[], t: Messages, format: Formatters): string {
  const [first] = users;
  if (!first) return "";
  return users.length === 1 ? t.newUser(first.fullName) : t.newUsers(format.number(users.length));
}
