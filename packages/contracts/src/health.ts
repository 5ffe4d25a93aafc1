import { z } from "zod";

/** Body of `GET /api/v1/health`: 200 when every check is up (or disabled), 503 otherwise. */
export const HealthSchema = z.strictObject({
  status: z.enum(["ok", "error"]),
  checks: z.strictObject({
    database: z.enum(["up", "down"]),
    redis: z.enum(["up", "down", "disabled"]),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

/** Body of `GET /api/v1/health/live`. */
export const LiveSchema = z.strictObject({ status: z.literal("ok") });
