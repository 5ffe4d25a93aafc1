import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import {
  AUDIT_NAMESPACE,
  type AuditServerToClientEvents,
  USERS_NAMESPACE,
  type UsersClientToServerEvents,
  type UsersServerToClientEvents,
} from "../socket";

export type UsersSocket = Socket<UsersServerToClientEvents, UsersClientToServerEvents>;

/**
 * A `/users` socket typed with the event map. `url` is the server's origin (`http://localhost:3000`);
 * `token` an operator's access token — or undefined in the console, whose browser sends its session
 * cookie with the handshake. Websocket transport by default, as in the seed.
 */
export function createUsersSocket(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): UsersSocket {
  return io(url.replace(/\/$/, "") + USERS_NAMESPACE, { transports: ["websocket"], ...(token ? { auth: { token } } : {}), ...options });
}

export type AuditSocket = Socket<AuditServerToClientEvents, Record<string, never>>;

/** An `/audit` socket (admins): `audit.created` after each audited action commits. */
export function createAuditSocket(
  url: string,
  token: string | undefined,
  options: Partial<ManagerOptions & SocketOptions> = {},
): AuditSocket {
  return io(url.replace(/\/$/, "") + AUDIT_NAMESPACE, { transports: ["websocket"], ...(token ? { auth: { token } } : {}), ...options });
}
