import { z } from "zod";
import { OperatorRoleSchema, RoleSchema } from "./permissions";
import { BODY_NOT_OBJECT, EmailSchema, PasswordSchema, requiredString } from "./users";

export { RoleSchema, type Role } from "./permissions";

/** Body of `POST /api/v1/auth/login`. Bounded so a stranger cannot make the server hash megabytes. */
export const LoginRequestSchema = z.object(
  {
    email: requiredString("email")
      .trim()
      .toLowerCase()
      .min(1, { message: "email is required" })
      .max(254, { message: "email must be at most 254 characters" }),
    password: requiredString("password")
      .min(1, { message: "password is required" })
      .max(128, { message: "password must be at most 128 characters" }),
  },
  { error: BODY_NOT_OBJECT },
);
export type LoginRequest = z.input<typeof LoginRequestSchema>;

/**
 * A signed-in session: the token (an operator's also names a server-side session, and the console gets it
 * as an `HttpOnly` cookie instead). `expiresIn` is in seconds.
 */
export const TokenResponseSchema = z.strictObject({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int().positive(),
  role: RoleSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/**
 * An operator's right password with a second factor to give (`verify`), or a first sign-in to set up
 * (`enroll`: a TOTP factor when `OPERATOR_MFA=required`, and a new password when the current one was a
 * one-time password). The challenge lives `expiresIn` seconds (at most 300), is used once, and dies after 5 wrong codes.
 */
export const MfaChallengeSchema = z.strictObject({
  mfa: z.enum(["verify", "enroll"]),
  challenge: z.string(),
  expiresIn: z.number().int().positive(),
});
export type MfaChallenge = z.infer<typeof MfaChallengeSchema>;

/** Answer of `POST /auth/login`: a session, or a challenge to answer first. */
export const LoginResponseSchema = z.union([TokenResponseSchema, MfaChallengeSchema]);
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
export const isMfaChallenge = (response: LoginResponse): response is MfaChallenge => "mfa" in response;

/** A TOTP code (6 digits; spaces ignored) or a recovery code (`xxxx-xxxx-xx`, dashes and case ignored). */
export const MfaCodeSchema = requiredString("code")
  .transform((v) => v.replace(/[\s-]/g, "").toLowerCase())
  .refine((v) => /^(\d{6}|[a-z0-9]{10})$/.test(v), { message: "code must be a 6-digit code or a recovery code" });

const challengeField = requiredString("challenge")
  .min(1, { message: "challenge is required" })
  .max(200, { message: "challenge is not valid" });

/** Body of `POST /auth/mfa/verify`. */
export const MfaVerifyRequestSchema = z.object({ challenge: challengeField, code: MfaCodeSchema }, { error: BODY_NOT_OBJECT });
export type MfaVerifyRequest = z.input<typeof MfaVerifyRequestSchema>;

/** Body of `POST /auth/mfa/enroll`: starts the first sign-in's setup. */
export const MfaEnrollStartRequestSchema = z.object({ challenge: challengeField }, { error: BODY_NOT_OBJECT });

/** Answer of `POST /auth/mfa/enroll`: the TOTP secret to put in an authenticator app, and what else is asked. */
export const MfaEnrollmentSchema = z.strictObject({
  /** Base32, for typing into an authenticator app. */
  secret: z.string(),
  /** `otpauth://totp/…`, for a QR code. */
  otpauthUri: z.string(),
  /** Whether the factor may be skipped (`OPERATOR_MFA=optional`). */
  factorRequired: z.boolean(),
  /** The password was a one-time password: a new one is part of the setup. */
  passwordChangeRequired: z.boolean(),
});
export type MfaEnrollment = z.infer<typeof MfaEnrollmentSchema>;

/** Body of `POST /auth/mfa/enroll/confirm`: a code from the new factor (unless it may be skipped), and a new password if asked. */
export const MfaEnrollConfirmRequestSchema = z.object(
  { challenge: challengeField, code: MfaCodeSchema.optional(), newPassword: PasswordSchema.optional() },
  { error: BODY_NOT_OBJECT },
);
export type MfaEnrollConfirmRequest = z.input<typeof MfaEnrollConfirmRequestSchema>;

/** Answer of the setup: the session, and the 10 recovery codes, shown this once (empty when no factor was set up). */
export const MfaEnrolledResponseSchema = z.strictObject({ ...TokenResponseSchema.shape, recoveryCodes: z.array(z.string()) });
export type MfaEnrolledResponse = z.infer<typeof MfaEnrolledResponseSchema>;

/** Body of `POST /auth/mfa/step-up`. */
export const StepUpRequestSchema = z.object({ code: MfaCodeSchema }, { error: BODY_NOT_OBJECT });

/** Body of `POST /auth/password`: an operator's own password. */
export const OperatorPasswordRequestSchema = z.object(
  {
    currentPassword: requiredString("currentPassword").min(1, { message: "currentPassword is required" }).max(128),
    newPassword: PasswordSchema,
  },
  { error: BODY_NOT_OBJECT },
);

/** One sign-in of an operator. `current`: the session of the request. */
export const OperatorSessionSchema = z.strictObject({
  id: z.uuid(),
  createdAt: z.iso.datetime({ precision: 3 }),
  lastActiveAt: z.iso.datetime({ precision: 3 }),
  expiresAt: z.iso.datetime({ precision: 3 }),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type OperatorSession = z.infer<typeof OperatorSessionSchema>;

/** `GET /auth/session`: who is signed in, for the console (which cannot read its own cookie). */
export const CurrentSessionSchema = z.strictObject({
  operator: z.strictObject({ id: z.uuid(), email: z.string(), role: OperatorRoleSchema }),
  session: OperatorSessionSchema,
  hasFactor: z.boolean(),
  /** Until when an export needs no new code (null: a code is needed first, or no factor to ask). */
  stepUpUntil: z.iso.datetime({ precision: 3 }).nullable(),
});
export type CurrentSession = z.infer<typeof CurrentSessionSchema>;

export const OperatorSessionsSchema = z.strictObject({ items: z.array(OperatorSessionSchema) });
export type OperatorSessions = z.infer<typeof OperatorSessionsSchema>;

/** An operator as admins manage them. */
export const OperatorSchema = z.strictObject({
  id: z.uuid(),
  email: z.string(),
  role: OperatorRoleSchema,
  disabled: z.boolean(),
  factors: z.strictObject({ totp: z.boolean(), recoveryCodesLeft: z.number().int().min(0) }),
  passwordChangeRequired: z.boolean(),
  lastSignInAt: z.iso.datetime({ precision: 3 }).nullable(),
  activeSessions: z.number().int().min(0),
  createdAt: z.iso.datetime({ precision: 3 }),
});
export type Operator = z.infer<typeof OperatorSchema>;

export const OperatorsSchema = z.strictObject({ items: z.array(OperatorSchema) });

/** Body of `POST /operators`. */
export const CreateOperatorRequestSchema = z.object({ email: EmailSchema, role: OperatorRoleSchema }, { error: BODY_NOT_OBJECT });
export type CreateOperatorRequest = z.input<typeof CreateOperatorRequestSchema>;

/** Answer of `POST /operators`: the one-time password is shown this once (there is no mail server). */
export const CreatedOperatorSchema = z.strictObject({ operator: OperatorSchema, oneTimePassword: z.string() });
export type CreatedOperator = z.infer<typeof CreatedOperatorSchema>;

/** Body of `PATCH /operators/:id`. */
export const UpdateOperatorRequestSchema = z.object(
  { role: OperatorRoleSchema.optional(), disabled: z.boolean({ error: "disabled must be true or false" }).optional() },
  { error: BODY_NOT_OBJECT },
);
export type UpdateOperatorRequest = z.input<typeof UpdateOperatorRequestSchema>;

const uuidParam = (field: string) =>
  requiredString(field)
    .trim()
    .toLowerCase()
    .pipe(z.uuid({ message: `${field} must be a UUID` }));

/** The `:id` of `/operators/:id`. */
export const OperatorIdParamSchema = z.object({ id: uuidParam("id") });
/** The `:id` of `/auth/sessions/:id`. */
export const SessionIdParamSchema = z.object({ id: uuidParam("id") });
