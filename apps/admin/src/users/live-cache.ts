import type { PublicUser } from "@moien/contracts";
import type { QueryClient } from "@tanstack/react-query";
import { applyUserEvents, recordDeletions } from "./live-merge";
import type { EventReplay } from "./event-replay";
import type { RecentIds } from "./recent-ids";
import type { UserEvent, UsersData } from "./users-data";
import { searchOfKey, usersQueryRoot } from "./users-query";

/**
 * Applies one batch of socket events to every cached users query (each with its own search):
 * at most one cache write per query per batch. Returns the users inserted into the shown search.
 */
export function applyEventsToCache(
  client: QueryClient,
  events: readonly UserEvent[],
  recentlyDeleted: RecentIds,
  shownSearch: string,
): PublicUser[] {
  let insertedShown: PublicUser[] = [];
  const isDeleted = (id: string) => recentlyDeleted.has(id);
  for (const query of client.getQueryCache().findAll({ queryKey: usersQueryRoot })) {
    const search = searchOfKey(query.queryKey);
    if (search === null) continue;
    const data = client.getQueryData<UsersData>(query.queryKey);
    const result = applyUserEvents(data, events, { search, isDeleted });
    if (result.data === data) continue;
    client.setQueryData<UsersData>(query.queryKey, result.data);
    if (search === shownSearch) insertedShown = result.inserted;
  }
  recordDeletions(events, (id) => recentlyDeleted.add(id));
  return insertedShown;
}

/**
 * Whenever the server answers a users query, replays the last seconds of events onto it: a user
 * registered or deleted while the request was on the way is not lost. Returns the unsubscribe.
 */
export function replayOntoFetchedPages(client: QueryClient, replay: EventReplay, recentlyDeleted: RecentIds): () => void {
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
    const search = searchOfKey(event.query.queryKey);
    const events = replay.recent();
    if (search === null || events.length === 0) return;
    const data = client.getQueryData<UsersData>(event.query.queryKey);
    const result = applyUserEvents(data, events, { search, isDeleted: (id) => recentlyDeleted.has(id) });
    if (result.data !== data) client.setQueryData<UsersData>(event.query.queryKey, result.data);
  });
}
