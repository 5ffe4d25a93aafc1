import { z } from "zod";
import { PublicUserSchema } from "./users";

/** The Socket.IO namespace of the users gateway (not under `/api/v1`). */
export const USERS_NAMESPACE = "/users";

export const UserDeletedEventSchema = z.strictObject({ id: z.uuid() });
export type UserDeletedEvent = z.infer<typeof UserDeletedEventSchema>;

/** Every server → client event of the `/users` namespace with its payload schema. */
export const usersEventSchemas = {
  "users.created": PublicUserSchema,
  "users.deleted": UserDeletedEventSchema,
} as const;

export type UsersEventName = keyof typeof usersEventSchemas;
export type UsersEventPayload<E extends UsersEventName> = z.infer<(typeof usersEventSchemas)[E]>;

/** Typed event map for `Socket<UsersServerToClientEvents>` on either side of the wire. */
export type UsersServerToClientEvents = {
  [E in UsersEventName]: (payload: UsersEventPayload<E>) => void;
};

/** Clients send nothing: any client → server event is ignored. */
export type UsersClientToServerEvents = Record<string, never>;

/**
 * `connect_error` messages of the handshake: no valid token; not an admin; too many sockets for
 * this token on the node (`SOCKET_MAX_PER_TOKEN`); the server could not check the token (retry).
 */
export const usersSocketErrors = {
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  tooManyConnections: "too_many_connections",
  unavailable: "unavailable",
} as const;
export type UsersSocketError = (typeof usersSocketErrors)[keyof typeof usersSocketErrors];
