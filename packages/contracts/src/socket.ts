import { z } from "zod";
import { AuditEntrySchema } from "./audit";
import { PublicUserSchema } from "./users";

/** The Socket.IO namespace of the users gateway (not under `/api/v1`). */
export const USERS_NAMESPACE = "/users";

export const UserDeletedEventSchema = z.strictObject({ id: z.uuid() });
export type UserDeletedEvent = z.infer<typeof UserDeletedEventSchema>;

/** `users.suspended`: the user can no longer sign in, until `until` (null: until reinstated). Never the reason. */
export const UserSuspendedEventSchema = z.strictObject({ id: z.uuid(), until: z.iso.datetime({ precision: 3 }).nullable() });
export type UserSuspendedEvent = z.infer<typeof UserSuspendedEventSchema>;

export const UserReinstatedEventSchema = z.strictObject({ id: z.uuid() });
export type UserReinstatedEvent = z.infer<typeof UserReinstatedEventSchema>;

/**
 * Every server → client event of the `/users` namespace with its payload schema. `users.updated`
 * carries the whole new user, equal to the `PATCH` answer.
 */
export const usersEventSchemas = {
  "users.created": PublicUserSchema,
  "users.updated": PublicUserSchema,
  "users.deleted": UserDeletedEventSchema,
  "users.suspended": UserSuspendedEventSchema,
  "users.reinstated": UserReinstatedEventSchema,
} as const;

/** The names of `usersEventSchemas`, for code that listens to every event. */
export const USERS_EVENT_NAMES = Object.keys(usersEventSchemas) as UsersEventName[];

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

/** The Socket.IO namespace of the live audit log (admins only: permission `audit.read`). */
export const AUDIT_NAMESPACE = "/audit";

/** Every server → client event of the `/audit` namespace: each entry after the commit of its action. */
export const auditEventSchemas = { "audit.created": AuditEntrySchema } as const;

export type AuditServerToClientEvents = { "audit.created": (entry: z.infer<typeof AuditEntrySchema>) => void };
