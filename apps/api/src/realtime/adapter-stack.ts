import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Namespace } from "socket.io";
import { type Adapter, SessionAwareAdapter } from "socket.io-adapter";
import type { RecoveryWindow } from "../config/recovery-window";
import { withOncePerEvent } from "./once-per-event";
import type { RedisHandle } from "./redis";
import { expireReplayBuffer } from "./recovery-window";
import { withSlicedBroadcast } from "./sliced-broadcast";
import { withStreamOrder } from "./stream-order";

type AdapterFactory = (nsp: Namespace) => Adapter;

/**
 * Each namespace's adapter: Socket.IO's session-aware in-memory adapter on one node, the Redis
 * Streams adapter (not pub/sub, so that connection-state recovery works across nodes) in a cluster,
 * where a node's own broadcasts reach its sockets from the stream, in the stream's order; both
 * delivering once per event, in slices. The one place the stack is composed.
 * (A plain `function`: Socket.IO calls the factory with `new`, which then returns the adapter.)
 */
export function adapterStack(redis: RedisHandle | null, streamName: string, window: RecoveryWindow): AdapterFactory {
  const sliced = (adapter: Adapter): Adapter => withSlicedBroadcast(withOncePerEvent(adapter));
  if (!redis) {
    return function (nsp: Namespace) {
      const adapter = new SessionAwareAdapter(nsp);
      expireReplayBuffer(adapter, window);
      return sliced(adapter);
    };
  }
  const redisAdapter = createAdapter(redis.client, {
    streamName,
    channelPrefix: streamName,
    sessionKeyPrefix: `${streamName}:session:`,
    maxLen: 10_000,
    onlyPlaintext: true,
  });
  return function (nsp: Namespace) {
    // Each wrapper replaces methods of this one adapter: the stream order its broadcast and receipt,
    // the other two its delivery loop.
    const adapter = withStreamOrder(redisAdapter(nsp));
    sliced(adapter);
    // Socket.IO saves `socket.data` (the principal) with each session; the handshake middleware runs
    // again on recovery and rebuilds it, so nothing of it needs to sit in Redis.
    const persist = adapter.persistSession.bind(adapter);
    adapter.persistSession = (session) => persist({ ...session, data: {} });
    return adapter;
  };
}
