import type { Adapter } from "socket.io-adapter";
import type { Socket } from "socket.io";
import { wrapApply } from "./adapter-apply";
import { writeCoalesced } from "./coalesced-writes";

declare module "socket.io-adapter" {
  interface BroadcastFlags {
    /** Deliver to this node's sockets in slices that yield to the event loop (see withSlicedBroadcast). */
    sliced?: boolean;
  }
}

/**
 * Sockets written per turn of the event loop. A socket's write costs ~20 µs on this 2-core machine
 * (mostly the kernel's `writev`, bench/HISTORY.md), so 5 is ~0.1 ms: a request waits at most that
 * long for each of its steps (a delete takes ~10: body, guard, each SQL statement). Measured with
 * 1,000 listeners on PostgreSQL: paced delete p99 209 ms with slices of 50, 115 with 10, 73 with 5
 * (43 with no listener); fewer sockets a turn also lets more events gather per socket.
 */
export const BROADCAST_SLICE = 5;

/**
 * Packets (sockets × broadcasts) allowed to wait, a few MiB. Beyond it everything waiting is written
 * at once, which slows the requests producing the events to the fan-out's pace (what plain Socket.IO
 * does from the first event). It is a safety valve for the process's memory, set high on purpose:
 * requests (registrations) come before the dashboards' latency, so a burst beyond the fan-out's
 * capacity delays events rather than requests. Measured (bench/HISTORY.md): 10,000 kept the 10k
 * fan-out p99 at 0.6 s but slowed deletes with 10k listeners to 4–8 req/s (p99 1.6–5.9 s), before
 * the packets waiting for one socket were written together.
 */
export const MAX_QUEUED_WRITES = 500_000;

type Write = (socket: Socket) => void;

/**
 * Makes an adapter deliver broadcasts flagged `sliced` in slices of `sliceSize` sockets with a
 * `setImmediate` between them, so HTTP requests interleave with a fan-out to thousands of sockets.
 * The packet is still encoded once per broadcast (each write carries the encoded frames); the target
 * sockets are fixed when the broadcast is made.
 *
 * Sockets wait in one queue, each with the broadcasts it has not been sent yet, in broadcast order.
 * A socket's turn writes all of them at once, in one system call (see writeCoalesced): when events
 * come faster than one pass over the sockets, a pass carries several and the cost per event falls.
 * A broadcast made mid-pass joins the sockets still waiting in this pass and puts the others back
 * at the end of the queue, so no socket waits more than one pass. At most `maxQueuedWrites` packets
 * wait (see MAX_QUEUED_WRITES); beyond that, everything waiting is written at once. Returns the
 * same adapter.
 */
export function withSlicedBroadcast<A extends Adapter>(
  adapter: A,
  { sliceSize = BROADCAST_SLICE, maxQueuedWrites = MAX_QUEUED_WRITES }: { sliceSize?: number; maxQueuedWrites?: number } = {},
): A {
  const waiting = new Map<Socket, Write[]>();
  let queuedWrites = 0;
  let pumping = false;

  // Deleting the entry being visited is safe in a Map's iteration: it goes on with the next one.
  const writeNext = (count: number): void => {
    let left = count;
    for (const [socket, writes] of waiting) {
      if (left-- <= 0) break;
      waiting.delete(socket);
      queuedWrites -= writes.length;
      if (socket.connected) writeOrDrop(socket, writes);
    }
  };

  const pump = (): void => {
    try {
      writeNext(sliceSize);
    } finally {
      pumping = waiting.size > 0;
      if (pumping) setImmediate(pump);
    }
  };

  return wrapApply(adapter, (apply) => (opts, callback) => {
    if (!opts.flags?.sliced) return apply(opts, callback);
    apply(opts, (socket) => {
      const writes = waiting.get(socket);
      if (writes) writes.push(callback);
      else waiting.set(socket, [callback]);
      queuedWrites++;
    });
    // Overload: everything waiting goes out now (a pending pump finds the queue empty and stops).
    if (queuedWrites > maxQueuedWrites) return writeNext(Infinity);
    // The first slice goes out at once; a queue already draining keeps its own pace.
    if (!pumping) pump();
  });
}

// One socket whose write throws must not stop the queue (every later broadcast would wait behind
// it); it is cut instead, so its client reconnects and recovers the missed packets. Cut at once
// (`discard`): a plain close waits for the packets left in Engine.IO's buffer to drain, and a failed
// coalesced write leaves some there with no write under way, so it would wait for the ping timeout.
function writeOrDrop(socket: Socket, writes: Write[]): void {
  try {
    writeCoalesced(socket, writes);
  } catch {
    socket.conn.close(true);
  }
}
