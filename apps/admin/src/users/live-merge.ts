import { userMatchesFilters, type PublicUser, type UsersFilters, type UsersPage } from "@moien/contracts";
import { isOlderThan, type UserEvent, type UsersData } from "./users-data";

export type ApplyOptions = {
  /** The search and filters of the cached query: created users that do not match are left out. */
  filters: Partial<UsersFilters>;
  /** Ids deleted by earlier batches: a late `users.created` for one of them is a ghost. */
  isDeleted(id: string): boolean;
};

export type ApplyResult = {
  /** The same object as the input when nothing changed. */
  data: UsersData | undefined;
  /** Users that were put at the top, newest first. */
  inserted: PublicUser[];
};

/**
 * Applies a batch of socket events, in arrival order, to the cached pages: a created user goes to
 * the top once (whatever pages or earlier events already hold it), a deleted one leaves wherever it is.
 */
export function applyUserEvents(data: UsersData | undefined, events: readonly UserEvent[], options: ApplyOptions): ApplyResult {
  if (!data || events.length === 0) return { data, inserted: [] };
  const loaded = new Set<string>();
  for (const page of data.pages) for (const user of page.items) loaded.add(user.id);

  const toInsert = new Map<string, PublicUser>();
  const toRemove = new Set<string>();
  const deletedNow = new Set<string>();

  for (const event of events) {
    if (event.name === "users.deleted") {
      const { id } = event.payload;
      deletedNow.add(id);
      toInsert.delete(id);
      if (loaded.has(id)) toRemove.add(id);
      continue;
    }
    const user = event.payload;
    if (deletedNow.has(user.id) || options.isDeleted(user.id)) continue;
    if (loaded.has(user.id) || toInsert.has(user.id)) continue;
    if (!userMatchesFilters(user, options.filters)) continue;
    toInsert.set(user.id, user);
  }

  if (toInsert.size === 0 && toRemove.size === 0) return { data, inserted: [] };
  const inserted = [...toInsert.values()].reverse();
  const pages = data.pages.map((page, index) => {
    const items =
      toRemove.size > 0 && page.items.some((user) => toRemove.has(user.id))
        ? page.items.filter((user) => !toRemove.has(user.id))
        : page.items;
    if (index === 0 && inserted.length > 0) return { ...page, items: [...inserted, ...items] };
    return items === page.items ? page : { ...page, items };
  });
  return { data: { ...data, pages }, inserted };
}

/** Records the ids of this batch's deletions, for out-of-order creates in later batches. */
export function recordDeletions(events: readonly UserEvent[], remember: (id: string) => void): void {
  for (const event of events) if (event.name === "users.deleted") remember(event.payload.id);
}

/**
 * Merges a freshly loaded first page into the cache after a reconnect that could not replay the
 * missed events: the fresh page is the truth for the range it covers, older rows stay as loaded,
 * rows newer than the fresh page (arrived while it loaded) stay too.
 */
export function mergeFirstPage(data: UsersData | undefined, fresh: UsersPage, isDeleted: (id: string) => boolean): UsersData {
  const freshItems = fresh.items.filter((user) => !isDeleted(user.id));
  if (!data || data.pages.length === 0) return { pages: [{ ...fresh, items: freshItems }], pageParams: [null] };

  const newest = fresh.items[0];
  const oldest = fresh.items[fresh.items.length - 1];
  const freshIds = new Set(fresh.items.map((user) => user.id));
  const cached = data.pages.flatMap((page) => page.items);
  const arrivedMeanwhile = newest
    ? cached.filter((user) => !freshIds.has(user.id) && isOlderThan(newest, user) && !isDeleted(user.id))
    : [];
  const firstItems = [...arrivedMeanwhile, ...freshItems];

  // The fresh page reached the end: nothing older exists any more.
  if (fresh.nextCursor === null || !oldest) {
    return { pages: [{ items: firstItems, nextCursor: fresh.nextCursor }], pageParams: [null] };
  }
  const keepOlder = (user: PublicUser) => !freshIds.has(user.id) && isOlderThan(user, oldest) && !isDeleted(user.id);
  const pages = data.pages.map((page, index) => {
    const older = page.items.filter(keepOlder);
    return index === 0 ? { items: [...firstItems, ...older], nextCursor: page.nextCursor ?? fresh.nextCursor } : { ...page, items: older };
  });
  return { ...data, pages };
}

/** Takes one user out of the cache (optimistic delete). */
export function removeUser(data: UsersData | undefined, id: string): UsersData | undefined {
  if (!data || !data.pages.some((page) => page.items.some((user) => user.id === id))) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((user) => user.id !== id) })) };
}

/** Puts a user back at its place in server order (a failed delete), unless it is beyond the loaded range. */
export function restoreUser(data: UsersData | undefined, user: PublicUser): UsersData | undefined {
  if (!data || data.pages.some((page) => page.items.some((row) => row.id === user.id))) return data;
  const pages = [...data.pages];
  for (const [index, page] of pages.entries()) {
    const position = page.items.findIndex((row) => isOlderThan(row, user));
    if (position === -1) continue;
    pages[index] = { ...page, items: [...page.items.slice(0, position), user, ...page.items.slice(position)] };
    return { ...data, pages };
  }
  const lastIndex = pages.length - 1;
  const last = pages[lastIndex];
  if (!last || last.nextCursor !== null) return data;
  pages[lastIndex] = { ...last, items: [...last.items, user] };
  return { ...data, pages };
}
