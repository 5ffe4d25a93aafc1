import type { Adapter, BroadcastOptions } from "socket.io-adapter";
import type { Socket } from "socket.io";

/** The adapter's loop over the sockets of a broadcast: `callback` writes the packet to one socket. */
export type Apply = (opts: BroadcastOptions, callback: (socket: Socket) => void) => void;

/**
 * Replaces an adapter's `apply` with `wrap(original)`. `apply` is the one loop every local delivery
 * goes through (the adapter's own broadcast and the cluster adapter's delivery of other nodes'
 * packets); it is private in the typings only. Returns the same adapter.
 */
export function wrapApply<A extends Adapter>(adapter: A, wrap: (apply: Apply) => Apply): A {
  const target = adapter as unknown as { apply: Apply }; // reason: `apply` is private in the typings only
  target.apply = wrap(target.apply.bind(adapter));
  return adapter;
}
