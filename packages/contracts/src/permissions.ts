import { z } from "zod";

/** A registered user (`user`), or an operator of the console with one of three roles. */
export const RoleSchema = z.enum(["user", "viewer", "support", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

export const OperatorRoleSchema = z.enum(["viewer", "support", "admin"], { error: "role must be viewer, support or admin" });
export type OperatorRole = z.infer<typeof OperatorRoleSchema>;

export const isOperatorRole = (role: Role): role is OperatorRole => role !== "user";

/**
 * Who may do what: the contract's table, declared once. The API's guard checks routes and socket
 * namespaces against it; the console asks it what to show.
 */
export const PERMISSIONS = {
  /** List, search, filter, count, stats, one user, the suspensions list, the `/users` socket. */
  "users.read": ["viewer", "support", "admin"],
  /** Edit a user (`PATCH`), suspend and reinstate. */
  "users.edit": ["support", "admin"],
  /** Delete (erase) a user. */
  "users.delete": ["admin"],
  "users.export": ["admin"],
  /** The audit log and the `/audit` socket. */
  "audit.read": ["admin"],
  "operators.manage": ["admin"],
  /** A backup of the embedded store (the whole business, every user's personal data). */
  "backup.download": ["admin"],
} as const satisfies Record<string, readonly OperatorRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role | null | undefined, permission: Permission): boolean =>
  role !== null && role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
