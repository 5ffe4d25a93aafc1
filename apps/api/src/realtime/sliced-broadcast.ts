import type { Adapter, BroadcastOptions } from "socket.io-adapter";
import type { Socket } from "socket.io";

declare module "socket.io-adapter" {
  interface BroadcastFlags {
    /** Deliver to this node's sockets in slices that yield to the event loop (see withSlicedBroadcast). */
    sliced?: boolean;
  }
}

/** Sockets written per turn of the event loop: ~1 ms of work at ~0.1 µs… 2 µs per socket. */
export const BROADCAST_SLICE = 500;

type Job = { targets: Socket[]; deliver: (socket: Socket) => void; next: number };
type Apply = (opts: BroadcastOptions, callback: (socket: Socket) => void) => void;
// `apply` is the one loop every local delivery goes through (the adapter's own broadcast and the
// cluster adapter's delivery of other nodes' packets); it is private in the typings only.
type WithApply = { apply: Apply };

/**
 * Makes an adapter deliver broadcasts flagged `sliced` in slices of `sliceSize` sockets with a
 * `setImmediate` between them, so HTTP requests interleave with a fan-out to thousands of sockets.
 * The packet is still encoded once per broadcast (the callback carries the encoded frames); the
 * target sockets are fixed when the broadcast starts; broadcasts queue behind each other, so every
 * socket still receives events in the order they were broadcast. Returns the same adapter.
 */
export function withSlicedBroadcast<A extends Adapter>(adapter: A, sliceSize = BROADCAST_SLICE): A {
  const target = adapter as unknown as WithApply; // reason: see WithApply
  const apply = target.apply.bind(adapter);
  const queue: Job[] = [];

  const pump = (): void => {
    const job = queue[0];
    if (!job) return;
    const end = Math.min(job.next + sliceSize, job.targets.length);
    for (let i = job.next; i < end; i++) {
      const socket = job.targets[i];
      if (socket?.connected) deliverOrDrop(job, socket);
    }
    job.next = end;
    if (end >= job.targets.length) queue.shift();
    if (queue.length > 0) setImmediate(pump);
  };

  // One socket whose write throws must not stop the queue (every later broadcast would wait behind
  // it); it is cut instead, so its client reconnects and recovers the missed packets.
  const deliverOrDrop = (job: Job, socket: Socket): void => {
    try {
      job.deliver(socket);
    } catch {
      socket.conn.close();
    }
  };

  target.apply = (opts, callback) => {
    if (!opts.flags?.sliced) return apply(opts, callback);
    const targets: Socket[] = [];
    apply(opts, (socket) => targets.push(socket));
    queue.push({ targets, deliver: callback, next: 0 });
    // The first slice goes out at once; a queue already draining keeps its own pace.
    if (queue.length === 1) pump();
  };
  return adapter;
}
