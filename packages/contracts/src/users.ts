import { z } from "zod";
import { cursorSchema, PageLimitSchema } from "./pagination";
import { codePointLength, foldWhitespace, hasInvisibleFormatCharacter, isSafeText, safeString } from "./safe-text";
import { fromBeforeTo, fromBeforeToIssue, UsersOrderSchema, usersFilterShape } from "./users-filters";

export { foldWhitespace, isSafeText, safeString };

/** A string field whose error says "is required" when absent and "must be a string" otherwise. */
export const requiredString = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .refine(isSafeText, { message: `${field} must not contain NUL or invalid characters`, abort: true });

/** The message for a body that is not an object (zod's own wording is not for clients). */
export const BODY_NOT_OBJECT = "the body must be a JSON object";

/** A user as it leaves the server: in every response and every socket event. Exactly these keys. */
export const PublicUserSchema = z.strictObject({
  id: z.uuid(),
  fullName: z.string(),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  countryName: z.string(),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/),
  email: z.email(),
  createdAt: z.iso.datetime({ precision: 3 }),
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

export const FullNameSchema = requiredString("fullName")
  // Before folding: white space folding would turn a U+FEFF into a space and hide it.
  .refine((v) => !hasInvisibleFormatCharacter(v), { message: "fullName must not contain invisible or text-direction characters" })
  .transform(foldWhitespace)
  .refine((v) => codePointLength(v) >= 2 && codePointLength(v) <= 100, {
    message: "fullName must be 2 to 100 characters",
  })
  .refine((v) => !/[\p{Cc}\uFFFD]/u.test(v) && v.isWellFormed(), { message: "fullName must not contain control or invalid characters" })
  .refine((v) => /\p{L}/u.test(v), { message: "fullName must contain letters" });

export const CountryCodeSchema = requiredString("countryCode")
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { message: "countryCode must be an ISO 3166-1 alpha-2 code, such as LU" });

export const EmailSchema = requiredString("email")
  .trim()
  .toLowerCase()
  .max(254, { message: "email must be at most 254 characters" })
  .pipe(z.email({ message: "email must be a valid address" }));

export const PasswordSchema = requiredString("password")
  .min(8, { message: "password must be at least 8 characters" })
  .max(128, { message: "password must be at most 128 characters" });

/** The phone as a request gives it: checked against the country by the server (numbering plans). */
export const PhoneInputSchema = requiredString("phone")
  .trim()
  .min(1, { message: "phone is required" })
  .max(32, { message: "phone must be at most 32 characters" });

/**
 * Body of `POST /api/v1/users/register`. The phone is checked against the country by the server
 * (the numbering plans are too large for a shared schema); here it is only a bounded string.
 * Unknown keys are dropped.
 */
export const RegisterUserRequestSchema = z.object(
  {
    fullName: FullNameSchema,
    countryCode: CountryCodeSchema,
    phone: PhoneInputSchema,
    email: EmailSchema,
    password: PasswordSchema,
  },
  { error: BODY_NOT_OBJECT },
);
export type RegisterUserRequest = z.input<typeof RegisterUserRequestSchema>;

/**
 * Body of `PATCH /api/v1/users/:id`: any of the profile's fields, with the rules of registration.
 * A phone is checked against the new `countryCode`, or the current one. Unknown keys are dropped,
 * so a password or a role in the body changes nothing.
 */
export const UpdateUserRequestSchema = z.object(
  {
    fullName: FullNameSchema.optional(),
    countryCode: CountryCodeSchema.optional(),
    phone: PhoneInputSchema.optional(),
    email: EmailSchema.optional(),
  },
  { error: BODY_NOT_OBJECT },
);
export type UpdateUserRequest = z.input<typeof UpdateUserRequestSchema>;
/** The fields of a profile an update may change, in the order the audit log lists them. */
export const UPDATABLE_USER_FIELDS = ["fullName", "countryCode", "phone", "email"] as const;
export type UpdatableUserField = (typeof UPDATABLE_USER_FIELDS)[number];

/** Body of `POST /api/v1/users/me/password`. */
export const ChangePasswordRequestSchema = z.object(
  {
    currentPassword: requiredString("currentPassword")
      .min(1, { message: "currentPassword is required" })
      .max(128, { message: "currentPassword must be at most 128 characters" }),
    newPassword: requiredString("newPassword")
      .min(8, { message: "newPassword must be at least 8 characters" })
      .max(128, { message: "newPassword must be at most 128 characters" }),
  },
  { error: BODY_NOT_OBJECT },
);
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequestSchema>;

/** Query of `GET /api/v1/users`: the filters of count and export, the order, and a page. */
export const ListUsersQuerySchema = z
  .object({
    limit: PageLimitSchema,
    cursor: cursorSchema(400),
    ...usersFilterShape,
    order: UsersOrderSchema.default("newest"),
  })
  .refine(fromBeforeTo, fromBeforeToIssue);
export type ListUsersQuery = z.input<typeof ListUsersQuerySchema>;

/** One page of `GET /api/v1/users`, in the requested order; `nextCursor` is null on the last page. */
export const UsersPageSchema = z.strictObject({
  items: z.array(PublicUserSchema),
  nextCursor: z.string().nullable(),
});
export type UsersPage = z.infer<typeof UsersPageSchema>;

/** The `:id` of `/api/v1/users/:id`. */
export const UserIdParamSchema = z.object({
  id: safeString("id", "id must be a UUID")
    .trim()
    .toLowerCase()
    .pipe(z.uuid({ message: "id must be a UUID" })),
});
