import { z } from "zod";

const count = z.number().int().nonnegative();

/**
 * Body of `GET /api/v1/users/stats`: registered users that exist now (a deleted user leaves every
 * figure). Days are UTC; `perDay` is the last 30 days, oldest first, zeros included, and ends today.
 */
export const UsersStatsSchema = z.strictObject({
  total: count,
  today: count,
  last7Days: count,
  perDay: z.array(z.strictObject({ date: z.iso.date(), count })),
  byCountry: z.array(z.strictObject({ countryCode: z.string().regex(/^[A-Z]{2}$/), countryName: z.string(), count })),
});
export type UsersStats = z.infer<typeof UsersStatsSchema>;
