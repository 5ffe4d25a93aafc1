import { z } from "zod";
import { safeString } from "./safe-text";

/** A query number: decimal digits only (`Number()` would also take `0x10`, `1e1`, ` 5` or an empty string). */
export const decimalQueryNumber = (value: unknown): unknown =>
  typeof value === "string" && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;

/** `limit` of a paged list: 1–100, default 50, written in decimal digits. */
export const PageLimitSchema = z.preprocess(
  decimalQueryNumber,
  z
    .number({ error: "limit must be a whole number written in decimal digits" })
    .int({ message: "limit must be a whole number" })
    .min(1, { message: "limit must be between 1 and 100" })
    .max(100, { message: "limit must be between 1 and 100" })
    .default(50),
);

/** `cursor` of a paged list: the opaque `nextCursor` of the previous page, at most `max` characters. */
export const cursorSchema = (max: number) =>
  safeString("cursor").min(1, { message: "cursor must not be empty" }).max(max, { message: "cursor is not valid" }).optional();
