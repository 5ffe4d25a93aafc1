/**
 * Socket.IO connection-state recovery: missed events are kept (the Redis stream, the published outbox
 * rows, the in-memory replay buffer) for `windowMs`, and no longer. What outlives it is removed every
 * `expiryIntervalMs`: every second, or four times a window when it is shorter (tests).
 */
export type RecoveryWindow = { windowMs: number; expiryIntervalMs: number };

export const recoveryWindowOf = (windowMs: number): RecoveryWindow => ({
  windowMs,
  expiryIntervalMs: Math.min(1_000, Math.max(100, windowMs / 4)),
});

/**
 * What an expiry pass removes: everything older than this instant. One interval earlier than the window,
 * so that nothing is ever older than the window when it goes — the contract's bound ("within the window at
 * most"), not window + interval. A recovering client keeps at least window − interval of missed events.
 */
export const expiryCutoffMs = ({ windowMs, expiryIntervalMs }: RecoveryWindow, now = Date.now()): number =>
  now - windowMs + expiryIntervalMs;
