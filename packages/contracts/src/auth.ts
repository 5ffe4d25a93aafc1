import { z } from "zod";
import { BODY_NOT_OBJECT, requiredString } from "./users";

export const RoleSchema = z.enum(["admin", "user"]);
export type Role = z.infer<typeof RoleSchema>;

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

/** Answer of a successful login. `expiresIn` is in seconds. */
export const LoginResponseSchema = z.strictObject({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int().positive(),
  role: RoleSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
