/** An operator session as the per-request lookup reads it. */
export type SessionState = { endedAt: Date | null; expiresAt: Date; lastActiveAt: Date };

/**
 * Whether a session still holds at `now`: not ended (sign-out, an admin, a change to the operator),
 * not past its absolute end, and active within the idle timeout (a request or a live socket).
 */
export function isSessionLive(session: SessionState, idleSeconds: number, now = Date.now()): boolean {
  return session.endedAt === null && session.expiresAt.getTime() > now && session.lastActiveAt.getTime() + idleSeconds * 1000 > now;
}

/**
 * How stale `last_active_at` may get before a request writes it again: a write per request would
 * cost more than the check; a tenth of the idle timeout keeps the error small (at most 30 s).
 */
export const touchAfterSeconds = (idleSeconds: number): number => Math.min(30, Math.max(0.2, idleSeconds / 10));
