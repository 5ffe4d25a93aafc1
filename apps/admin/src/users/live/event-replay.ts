import type { UserEvent } from "../users-data";

export type EventReplay = {
  remember(events: readonly UserEvent[]): void;
  /** The events of the last few seconds, oldest first. */
  recent(): UserEvent[];
};

/**
 * Keeps the last few seconds of socket events so a page answered by the server a moment ago
 * can catch up with what happened while it was on the way.
 */
export function createEventReplay(windowMs = 10_000, maxEvents = 5_000, now: () => number = Date.now): EventReplay {
  let entries: { at: number; event: UserEvent }[] = [];

  const prune = () => {
    const cutoff = now() - windowMs;
    const firstKept = entries.findIndex((entry) => entry.at >= cutoff);
    entries = firstKept === -1 ? [] : entries.slice(Math.max(firstKept, entries.length - maxEvents));
  };

  return {
    remember(events) {
      const at = now();
      for (const event of events) entries.push({ at, event });
      prune();
    },
    recent() {
      prune();
      return entries.map((entry) => entry.event);
    },
  };
}
