import { userMatchesFilters, type PublicUser, type UsersFilters, type UsersPage } from "@moien/contracts";
import { isOlderThan, type UserEvent, type UsersData } from "../users-data";

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
  /** Users changed in place (or put at their place, now that they match the filters). */
  updated: PublicUser[];
};

/**
 * Applies a batch of socket events, in arrival order, to the cached pages: a created user goes to
 * the top once (whatever pages or earlier events already hold it), an updated one changes in place
 * (and leaves when it no longer matches the filters), a deleted one leaves wherever it is.
 * Suspensions are not rows' business (see suspended-users).
 */
export function applyUserEvents(data: UsersData | undefined, events: readonly UserEvent[], options: ApplyOptions): ApplyResult {
  if (!data || events.length === 0) return { data, inserted: [], updated: [] };
  const loaded = new Set<string>();
  for (const page of data.pages) for (const user of page.items) loaded.add(user.id);

  const toInsert = new Map<string, PublicUser>();
  const toReplace = new Map<string, PublicUser>();
  const toRemove = new Set<string>();
  const deletedNow = new Set<string>();

  for (const event of events) {
    switch (event.name) {
      case "users.deleted": {
        const { id } = event.payload;
        deletedNow.add(id);
        toInsert.delete(id);
        toReplace.delete(id);
        if (loaded.has(id)) toRemove.add(id);
        break;
      }
      case "users.created": {
        const user = event.payload;
        if (deletedNow.has(user.id) || options.isDeleted(user.id)) break;
        if (loaded.has(user.id) || toInsert.has(user.id)) break;
        if (userMatchesFilters(user, options.filters)) toInsert.set(user.id, user);
        break;
      }
      case "users.updated": {
        const user = event.payload;
        if (deletedNow.has(user.id) || options.isDeleted(user.id)) break;
        const matches = userMatchesFilters(user, options.filters);
        // Inserted in this batch: it keeps its place at the top, with its latest values (or leaves).
        if (toInsert.has(user.id)) {
          if (matches) toInsert.set(user.id, user);
          else toInsert.delete(user.id);
          break;
        }
        if (matches) {
          toReplace.set(user.id, user);
          if (loaded.has(user.id)) toRemove.delete(user.id);
        } else {
          toReplace.delete(user.id);
          if (loaded.has(user.id)) toRemove.add(user.id);
        }
        break;
      }
      default:
        break;
    }
  }

  if (toInsert.size === 0 && toRemove.size === 0 && toReplace.size === 0) return { data, inserted: [], updated: [] };
  const inserted = [...toInsert.values()].reverse();
  let pages = data.pages.map((page, index) => {
    const touched = page.items.some((user) => toRemove.has(user.id) || toReplace.has(user.id));
    const items = touched ? page.items.filter((user) => !toRemove.has(user.id)).map((user) => toReplace.get(user.id) ?? user) : page.items;
    if (index === 0 && inserted.length > 0) return { ...page, items: [...inserted, ...items] };
    return items === page.items ? page : { ...page, items };
  });
  const updated = [...toReplace.values()];
  // A user that now matches the view's filters but was not shown goes to its place in server order.
  let next: UsersData = { ...data, pages };
  for (const user of updated) if (!loaded.has(user.id)) next = restoreUser(next, user) ?? next;
  pages = next.pages;
  const shown = new Set(pages.flatMap((page) => page.items.map((user) => user.id)));
  return { data: { ...data, pages }, inserted, updated: updated.filter((user) => shown.has(user.id)) };
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
