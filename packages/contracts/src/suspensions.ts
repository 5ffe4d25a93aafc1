import { z } from "zod";
import { cursorSchema, PageLimitSchema } from "./pagination";
import { codePointLength, safeString } from "./safe-text";
import { BODY_NOT_OBJECT } from "./users";

/**
 * Body of `PUT /api/v1/users/:id/suspension`. `reason` is free text for colleagues (never sent in
 * an event, never written to the audit log); `until` a future instant, or null / absent for indefinite.
 */
export const SuspendUserRequestSchema = z.object(
  {
    reason: safeString("reason")
      .trim()
      .refine((v) => codePointLength(v) <= 500, { message: "reason must be at most 500 characters" })
      // Line breaks and tabs are fine in a note; other control characters are not.
      .refine((v) => !/\p{Cc}/u.test(v.replace(/[\n\t]/g, "")), { message: "reason must not contain control characters" })
      .transform((v) => (v === "" ? null : v))
      .nullish()
      .transform((v) => v ?? null),
    until: z.iso
      .datetime({ offset: true, error: "until must be an ISO 8601 date-time, such as 2026-12-31T18:00:00Z" })
      .transform((v) => new Date(v))
      .nullish()
      .transform((v) => v ?? null),
  },
  { error: BODY_NOT_OBJECT },
);
export type SuspendUserRequest = z.input<typeof SuspendUserRequestSchema>;

/** A suspension in force. `by` is the operator who suspended the user. */
export const SuspensionSchema = z.strictObject({
  userId: z.uuid(),
  reason: z.string().nullable(),
  until: z.iso.datetime({ precision: 3 }).nullable(),
  at: z.iso.datetime({ precision: 3 }),
  by: z.strictObject({ id: z.uuid(), email: z.string() }),
});
export type Suspension = z.infer<typeof SuspensionSchema>;

/** One page of `GET /api/v1/users/suspensions`, newest first. */
export const SuspensionsPageSchema = z.strictObject({
  items: z.array(SuspensionSchema),
  nextCursor: z.string().nullable(),
});
export type SuspensionsPage = z.infer<typeof SuspensionsPageSchema>;

/** Query of `GET /api/v1/users/suspensions`. */
export const SuspensionsQuerySchema = z.object({ limit: PageLimitSchema, cursor: cursorSchema(200) });
export type SuspensionsQuery = z.input<typeof SuspensionsQuerySchema>;
