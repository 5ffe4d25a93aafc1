import { createEventReplay, type EventReplay } from "./event-replay";
import { RecentIds } from "./recent-ids";

/** What the live table remembers between batches, for one signed-in session. */
export type LiveRegistry = {
  /** Deleted ids (by an event, or optimistically by this admin): never shown again. */
  recentlyDeleted: RecentIds;
  replay: EventReplay;
};

export const createLiveRegistry = (): LiveRegistry => ({ recentlyDeleted: new RecentIds(), replay: createEventReplay() });
