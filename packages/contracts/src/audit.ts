import { z } from "zod";
import { cursorSchema, PageLimitSchema } from "./pagination";

/** Everything the audit log records. */
export const AuditActionSchema = z.enum(
  [
    "user.deleted",
    "user.erased",
    "users.exported",
    "admin.signed_in",
    "admin.sign_in_failed",
    "admin.created",
    "admin.password_reset",
    "user.updated",
    "user.suspended",
    "user.reinstated",
    "user.password_changed",
    "operator.created",
    "operator.role_changed",
    "operator.disabled",
    "operator.enabled",
    "operator.mfa_enrolled",
    "operator.mfa_reset",
    "operator.sessions_ended",
    "backup.downloaded",
  ],
  { error: "action is not a known audit action" },
);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * One audit entry. `actor` is the admin who acted (null for a user's own erasure and for the admin
 * command); `target` is the id acted on. No name, email or phone of a registered user is ever stored.
 */
export const AuditEntrySchema = z.strictObject({
  id: z.string(),
  at: z.iso.datetime({ precision: 3 }),
  action: AuditActionSchema,
  actor: z.strictObject({ id: z.uuid(), email: z.string() }).nullable(),
  target: z.strictObject({ id: z.uuid() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** One page of `GET /api/v1/audit`, newest first. */
export const AuditPageSchema = z.strictObject({
  items: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** Query of `GET /api/v1/audit`. */
export const AuditQuerySchema = z.object({
  limit: PageLimitSchema,
  cursor: cursorSchema(200),
  action: AuditActionSchema.optional(),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;
