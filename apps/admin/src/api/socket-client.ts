import {
  type AuditSocket,
  createAuditSocket as createTypedAuditSocket,
  createUsersSocket as createTypedUsersSocket,
  type UsersSocket,
} from "@moien/contracts/client";

export type { AuditSocket, UsersSocket };

/**
 * A socket on the `/users` namespace, not yet connected: attach listeners, then `connect()`. No token:
 * the browser sends the session cookie with the handshake (`withCredentials` for another origin in dev).
 */
export function createUsersSocket(baseUrl: string): UsersSocket {
  return createTypedUsersSocket(baseUrl, undefined, {
    withCredentials: true,
    // WebSocket first (works behind a non-sticky balancer), long-polling if a proxy blocks it.
    transports: ["websocket", "polling"],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    // One manager per session: a new sign-in never inherits the previous session's connection.
    forceNew: true,
  });
}

/** A socket on the `/audit` namespace (admins), connecting at once; the cookie carries the session. */
export function createAuditSocket(baseUrl: string): AuditSocket {
  return createTypedAuditSocket(baseUrl, undefined, { transports: ["websocket", "polling"], withCredentials: true, forceNew: true });
}
