import type { PublicUser, UsersEventName, UsersEventPayload, UsersPage } from "@moien/contracts";
import type { InfiniteData } from "@tanstack/react-query";

/** The cached pages of one search, as TanStack Query's infinite query keeps them. */
export type UsersData = InfiniteData<UsersPage, string | null>;

/** One socket event of the `/users` namespace, typed from the contracts' event map. */
export type UserEvent = { [E in UsersEventName]: { name: E; payload: UsersEventPayload<E> } }[UsersEventName];

/** Every loaded user once, in page order (a page that overlaps the previous one adds nothing twice). */
export function flattenUsers(data: { pages: readonly UsersPage[] } | undefined): PublicUser[] {
  if (!data) return [];
  const seen = new Set<string>();
  const rows: PublicUser[] = [];
  for (const page of data.pages) {
    for (const user of page.items) {
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      rows.push(user);
    }
  }
  return rows;
}

/** Server order: `createdAt` descending, then `id` descending. */
export const isOlderThan = (a: PublicUser, b: PublicUser): boolean =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
