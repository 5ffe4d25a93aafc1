import { createUsersSocket as createTypedUsersSocket, type UsersSocket } from "@moien/contracts/client";

export type { UsersSocket };

/** A socket on the `/users` namespace, not yet connected: attach listeners, then `connect()`. */
export function createUsersSocket(baseUrl: string, token: string): UsersSocket {
  return createTypedUsersSocket(baseUrl, token, {
    // WebSocket first (works behind a non-sticky balancer), long-polling if a proxy blocks it.
    transports: ["websocket", "polling"],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    // One manager per session: a new sign-in never inherits the previous token's connection.
    forceNew: true,
  });
}
