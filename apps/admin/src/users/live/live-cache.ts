import type { PublicUser } from "@moien/contracts";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { applyUserEvents, recordDeletions } from "./live-merge";
import type { EventReplay } from "./event-replay";
import type { RecentIds } from "./recent-ids";
import type { UserEvent, UsersData } from "../users-data";
import { filtersOfQuery, viewKey, type ViewQuery } from "../filters/view-filters";
import { usersQueryRoot, viewOfKey } from "../users-query";
import { userQueryKey } from "../user-query";
import { applySuspensionEvents, type SuspendedUsers, suspendedUsersQueryKey } from "../suspensions/suspended-users";

/** What a batch did to the view on screen: users put on top, users changed in place. */
export type ShownChanges = { inserted: PublicUser[]; updated: PublicUser[] };

/**
 * Applies one batch of socket events to every cached users query (each with its own view):
 * at most one cache write per query per batch. Returns what changed in the shown view.
 */
export function applyEventsToCache(
  client: QueryClient,
  events: readonly UserEvent[],
  recentlyDeleted: RecentIds,
  shownView: ViewQuery,
): ShownChanges {
  const shown = viewKey(shownView);
  let shownChanges: ShownChanges = { inserted: [], updated: [] };
  const isDeleted = (id: string) => recentlyDeleted.has(id);
  for (const query of client.getQueryCache().findAll({ queryKey: usersQueryRoot })) {
    const view = viewOfKey(query.queryKey);
    if (view === null) continue;
    const data = client.getQueryData<UsersData>(query.queryKey);
    const result = applyUserEvents(data, events, { filters: filtersOfQuery(view), isDeleted });
    if (result.data === data) continue;
    client.setQueryData<UsersData>(query.queryKey, result.data);
    if (viewKey(view) === shown) shownChanges = { inserted: result.inserted, updated: result.updated };
  }
  recordDeletions(events, (id) => recentlyDeleted.add(id));
  return shownChanges;
}

/**
 * Whenever the server answers a users query, replays the last seconds of events onto it: a user
 * registered or deleted while the request was on the way is not lost. Returns the unsubscribe.
 */
export function replayOntoFetchedPages(client: QueryClient, replay: EventReplay, recentlyDeleted: RecentIds): () => void {
  return client.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
    // The cache event's query is untyped (Query<any>): its key is a plain QueryKey.
    const key: QueryKey = event.query.queryKey as QueryKey;
    const view = viewOfKey(key);
    const events = replay.recent();
    if (view === null || events.length === 0) return;
    const data = client.getQueryData<UsersData>(key);
    const result = applyUserEvents(data, events, { filters: filtersOfQuery(view), isDeleted: (id) => recentlyDeleted.has(id) });
    if (result.data !== data) client.setQueryData<UsersData>(key, result.data);
  });
}

/** An open details panel shows a user's latest values, and says when its user is gone. */
export function applyEventsToOpenPanels(client: QueryClient, events: readonly UserEvent[]): void {
  for (const event of events) {
    if (event.name !== "users.deleted" && event.name !== "users.updated") continue;
    const key = userQueryKey(event.payload.id);
    if (client.getQueryData(key) === undefined) continue;
    client.setQueryData<PublicUser | null>(key, event.name === "users.updated" ? event.payload : null);
  }
}

/** The suspended users follow the events; a suspension from an event is completed (its reason) by reloading the list soon. */
export function applyEventsToSuspensions(client: QueryClient, events: readonly UserEvent[], reloadSoon: () => void): void {
  const data = client.getQueryData<SuspendedUsers>(suspendedUsersQueryKey);
  const next = applySuspensionEvents(data, events);
  if (next !== data) client.setQueryData(suspendedUsersQueryKey, next);
  if (events.some((event) => event.name === "users.suspended")) reloadSoon();
}
