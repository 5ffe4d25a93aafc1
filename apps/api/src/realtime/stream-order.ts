import type { BroadcastOptions, ClusterAdapter, ClusterMessage } from "socket.io-adapter";
import { MessageType } from "socket.io-adapter";

/** A cluster adapter whose broadcasts reach this node's sockets from the stream (`withStreamOrder`). */
export type StreamOrdered = { settled(timeoutMs: number): Promise<void> };

type Packet = Parameters<ClusterAdapter["broadcast"]>[0];
// reason: the cluster adapter's publishing and receiving are protected in the typings only
type ClusterInternals = {
  uid: string;
  publishAndReturnOffset(message: ClusterMessage): Promise<string>;
  onMessage(message: ClusterMessage, offset?: string): void;
};

// The cluster adapter ignores messages carrying its own uid; this one marks an own broadcast read back.
const READ_BACK = "read-back-from-the-stream";

/** Redis stream ids `<ms>-<seq>`: true when `a` comes at or after `b`. */
export function streamIdReached(a: string, b: string): boolean {
  const [aMs = 0n, aSeq = 0n] = a.split("-").map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split("-").map(BigInt);
  return aMs > bMs || (aMs === bMs && aSeq >= bSeq);
}

/**
 * Every socket of the cluster gets broadcasts in the stream's one order. Socket.IO's cluster adapter
 * writes a node's own broadcast to its sockets as soon as Redis acknowledges it, while other nodes'
 * arrive through the stream reader later: two nodes broadcasting at once (a creation on A, its user's
 * deletion on B just after) reached B's sockets in the opposite order (issue 21). Here a broadcast is
 * only appended to the stream, and this node's sockets get it when the reader reads it back, in
 * stream order, like every other node's. Local broadcasts (a node cut off from Redis) and a broadcast
 * Redis refused are written at once, as Socket.IO does.
 * `settled` resolves once everything this node appended has been read back (graceful shutdown).
 * Returns the same adapter.
 */
export function withStreamOrder<A extends ClusterAdapter>(adapter: A): A & StreamOrdered {
  const internals = adapter as unknown as ClusterInternals;
  const broadcast = adapter.broadcast.bind(adapter);
  const receive = internals.onMessage.bind(adapter);
  let appended = "0-0";
  let readBack = "0-0";
  let waiters: { until: string; wake: () => void }[] = [];

  adapter.broadcast = async (packet: Packet, opts: BroadcastOptions) => {
    if (opts.flags?.local) return broadcast(packet, opts);
    let offset: string;
    try {
      offset = await internals.publishAndReturnOffset({
        type: MessageType.BROADCAST,
        data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
      } as ClusterMessage);
    } catch {
      return broadcast(packet, { ...opts, flags: { ...opts.flags, local: true } });
    }
    if (streamIdReached(offset, appended)) appended = offset;
  };

  internals.onMessage = (message: ClusterMessage, offset?: string) => {
    const own = message.uid === internals.uid && message.type === MessageType.BROADCAST && message.data.requestId === undefined;
    if (!own) return receive(message, offset);
    receive({ ...message, uid: READ_BACK }, offset);
    if (offset === undefined) return;
    readBack = offset;
    const due = waiters.filter((w) => streamIdReached(readBack, w.until));
    waiters = waiters.filter((w) => !due.includes(w));
    for (const w of due) w.wake();
  };

  const settled = (timeoutMs: number) =>
    streamIdReached(readBack, appended)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiters.push({ until: appended, wake: () => (clearTimeout(timer), resolve()) });
        });
  return Object.assign(adapter, { settled });
}
