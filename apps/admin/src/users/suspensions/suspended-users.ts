import type { Suspension } from "@moien/contracts";
import type { UsersClient } from "@moien/contracts/client";
import { queryOptions } from "@tanstack/react-query";
import type { UserEvent } from "../users-data";

/** A suspension as the console knows it: from the list (everything), or from an event (its end only, until the list reloads). */
export type KnownSuspension = Pick<Suspension, "until"> & Partial<Omit<Suspension, "until">>;

/** The users suspended now, by id. */
export type SuspendedUsers = ReadonlyMap<string, KnownSuspension>;

export const suspendedUsersQueryKey = ["suspensions"] as const;

// Suspensions are few (fraud waves: hundreds); past this the badge is shown for the first ones only.
const MAX_PAGES = 50;

/** Every suspension in force, followed live by `applySuspensionEvents`. */
export const suspendedUsersQueryOptions = (api: UsersClient) =>
  queryOptions({
    queryKey: suspendedUsersQueryKey,
    queryFn: async (): Promise<SuspendedUsers> => {
      const all = new Map<string, KnownSuspension>();
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const { items, nextCursor } = await api.listSuspensions({ limit: 100, cursor });
        for (const suspension of items) all.set(suspension.userId, suspension);
        if (!nextCursor) break;
        cursor = nextCursor;
      }
      return all;
    },
    staleTime: Infinity,
  });

/**
 * The suspended users after a batch of events, in arrival order; the same object when nothing changed.
 * A suspension from an event carries no reason: the caller reloads the list for it.
 */
export function applySuspensionEvents(data: SuspendedUsers | undefined, events: readonly UserEvent[]): SuspendedUsers | undefined {
  if (!data) return data;
  let next: Map<string, KnownSuspension> | null = null;
  const writable = () => (next ??= new Map(data));
  for (const event of events) {
    if (event.name === "users.suspended") {
      const { id, until } = event.payload;
      // The echo of a suspension this console made (or already loaded) keeps what the list said of it.
      if ((next ?? data).get(id)?.until === until) continue;
      writable().set(id, { userId: id, until });
    } else if ((event.name === "users.reinstated" || event.name === "users.deleted") && (next ?? data).has(event.payload.id)) {
      writable().delete(event.payload.id);
    }
  }
  return next ?? data;
}
