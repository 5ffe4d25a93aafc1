import type { SessionAwareAdapter } from "socket.io-adapter";

/**
 * How often what outlives the recovery window (stream packets, published outbox rows, the in-memory
 * replay buffer) is removed: every second, or four times a window when it is shorter (tests).
 */
export const expiryIntervalMs = (recoveryWindowMs: number): number => Math.min(1_000, Math.max(100, recoveryWindowMs / 4));

/**
 * What an expiry pass removes: everything older than this instant. One interval earlier than the window,
 * so that nothing is ever older than the window when it goes — the contract's bound ("within the window at
 * most"), not window + interval. A recovering client keeps at least window − interval of missed events.
 */
export const expiryCutoffMs = (recoveryWindowMs: number, now = Date.now()): number =>
  now - recoveryWindowMs + expiryIntervalMs(recoveryWindowMs);

type ReplayBuffer = { packets: { emittedAt: number }[] };

/**
 * Socket.IO's in-memory adapter (one node) keeps every broadcast for recovery and prunes it once a
 * minute only: up to window + 60 s of personal data. This prunes the same buffer on our interval.
 * `packets` is private to socket.io-adapter (realtime/README.md lists it with the test that guards it).
 */
export function expireReplayBuffer(adapter: SessionAwareAdapter, recoveryWindowMs: number): NodeJS.Timeout {
  const buffer = adapter as unknown as ReplayBuffer; // reason: the private buffer described above
  const timer = setInterval(() => {
    const cutoff = expiryCutoffMs(recoveryWindowMs);
    const firstKept = buffer.packets.findIndex((packet) => packet.emittedAt >= cutoff);
    if (firstKept === -1) buffer.packets.length = 0;
    else if (firstKept > 0) buffer.packets.splice(0, firstKept);
  }, expiryIntervalMs(recoveryWindowMs));
  timer.unref();
  return timer;
}
