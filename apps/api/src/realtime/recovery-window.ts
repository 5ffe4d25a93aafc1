import type { SessionAwareAdapter } from "socket.io-adapter";
import { expiryCutoffMs, type RecoveryWindow } from "../config/recovery-window";

type ReplayBuffer = { packets: { emittedAt: number }[] };

/**
 * Socket.IO's in-memory adapter (one node) keeps every broadcast for recovery and prunes it once a
 * minute only: up to window + 60 s of personal data. This prunes the same buffer on our interval.
 * `packets` is private to socket.io-adapter (realtime/README.md lists it with the test that guards it).
 */
export function expireReplayBuffer(adapter: SessionAwareAdapter, window: RecoveryWindow): NodeJS.Timeout {
  const buffer = adapter as unknown as ReplayBuffer; // reason: the private buffer described above
  const timer = setInterval(() => {
    const cutoff = expiryCutoffMs(window);
    const firstKept = buffer.packets.findIndex((packet) => packet.emittedAt >= cutoff);
    if (firstKept === -1) buffer.packets.length = 0;
    else if (firstKept > 0) buffer.packets.splice(0, firstKept);
  }, window.expiryIntervalMs);
  timer.unref();
  return timer;
}
