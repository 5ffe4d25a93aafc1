import type { Adapter } from "socket.io-adapter";
import type { Socket } from "socket.io";
import { wrapApply } from "./adapter-apply";

declare module "socket.io-adapter" {
  interface BroadcastFlags {
    /** Deliver to this node's sockets in slices that yield to the event loop (see withSlicedBroadcast). */
    sliced?: boolean;
  }
}

/**
 * Sockets written per turn of the event loop. A write costs ~20 µs on this 2-core machine (the
 * `writev` of one WebSocket frame, bench/HISTORY.md), so 50 is ~1 ms: a request waits at most that
 * long for a turn. 500 (10 ms a turn) cut register and delete throughput with 1,000 listeners by half.
 */
export const BROADCAST_SLICE = 50;

/**
 * Socket writes (sockets × broadcasts) allowed to wait: ~10 s of work at ~20 µs a write, a few MiB.
 * Beyond it the oldest broadcasts are written whole, which slows the requests producing the events
 * to the fan-out's pace (what plain Socket.IO does from the first event). It is a safety valve for
 * the process's memory, set high on purpose: requests (registrations) come before the dashboards'
 * latency, so a burst beyond the fan-out's capacity delays events rather than requests. Measured
 * (bench/HISTORY.md): 10,000 (~200 ms) kept the 10k fan-out p99 at 0.6 s but slowed deletes with
 * 10k listeners to 4–8 req/s (p99 1.6–5.9 s).
 */
export const MAX_QUEUED_WRITES = 500_000;

type Job = { targets: Socket[]; deliver: (socket: Socket) => void; next: number };

/**
 * Makes an adapter deliver broadcasts flagged `sliced` in slices of `sliceSize` sockets with a
 * `setImmediate` between them, so HTTP requests interleave with a fan-out to thousands of sockets.
 * The packet is still encoded once per broadcast (the callback carries the encoded frames); the
 * target sockets are fixed when the broadcast starts; broadcasts queue behind each other (at most
 * `maxQueuedWrites` socket writes, see MAX_QUEUED_WRITES), so every socket still receives events in
 * the order they were broadcast. Returns the same adapter.
 */
export function withSlicedBroadcast<A extends Adapter>(
  adapter: A,
  { sliceSize = BROADCAST_SLICE, maxQueuedWrites = MAX_QUEUED_WRITES }: { sliceSize?: number; maxQueuedWrites?: number } = {},
): A {
  const queue: Job[] = [];
  let queuedWrites = 0;

  const write = (job: Job, end: number): void => {
    for (let i = job.next; i < end; i++) {
      const socket = job.targets[i];
      if (socket?.connected) deliverOrDrop(job, socket);
    }
    queuedWrites -= end - job.next;
    job.next = end;
  };

  const pump = (): void => {
    const job = queue[0];
    if (!job) return;
    write(job, Math.min(job.next + sliceSize, job.targets.length));
    if (job.next >= job.targets.length) queue.shift();
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

  return wrapApply(adapter, (apply) => (opts, callback) => {
    if (!opts.flags?.sliced) return apply(opts, callback);
    const targets: Socket[] = [];
    apply(opts, (socket) => targets.push(socket));
    queue.push({ targets, deliver: callback, next: 0 });
    queuedWrites += targets.length;
    // The first slice goes out at once; a queue already draining keeps its own pace.
    if (queue.length === 1) return pump();
    // Overload: the oldest broadcasts go out whole now (a pending pump carries on with the rest).
    while (queuedWrites > maxQueuedWrites && queue.length > 1) {
      const oldest = queue[0];
      if (!oldest) break;
      write(oldest, oldest.targets.length);
      queue.shift();
    }
  });
}
