import type { Adapter } from "socket.io-adapter";
import { wrapApply } from "./adapter-apply";

declare module "socket.io-adapter" {
  interface BroadcastFlags {
    /** The event's own id: a broadcast carrying an id this node delivered already is dropped. */
    eventId?: number;
  }
}

/** How many delivered ids a node remembers: far more than a Redis outage's worth of events. */
export const REMEMBERED_EVENTS = 10_000;

/**
 * The relay is at-least-once: an event whose publication Redis did not acknowledge (an outage, a
 * timeout) is delivered by each node itself and published again later. This makes each node hand an
 * event to its sockets once: a broadcast flagged with an `eventId` this node has delivered is dropped.
 * Ids are remembered in delivery order, the oldest forgotten first. Returns the same adapter.
 */
export function withOncePerEvent<A extends Adapter>(adapter: A, remembered = REMEMBERED_EVENTS): A {
  const delivered = new Set<number>();
  return wrapApply(adapter, (apply) => (opts, callback) => {
    const id = opts.flags?.eventId;
    if (id === undefined) return apply(opts, callback);
    if (delivered.has(id)) return;
    delivered.add(id);
    if (delivered.size > remembered) delivered.delete(delivered.values().next().value as number);
    apply(opts, callback);
  });
}
