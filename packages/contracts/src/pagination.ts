import { z } from "zod";
import { safeString } from "./safe-text";

/** `limit` of a paged list: 1–100, default 50. */
export const PageLimitSchema = z.coerce
  .number({ error: "limit must be a number" })
  .int({ message: "limit must be a whole number" })
  .min(1, { message: "limit must be between 1 and 100" })
  .max(100, { message: "limit must be between 1 and 100" })
  .default(50);

/** `cursor` of a paged list: the opaque `nextCursor` of the previous page, at most `max` characters. */
export const cursorSchema = (max: number) =>
  safeString("cursor").min(1, { message: "cursor must not be empty" }).max(max, { message: "cursor is not valid" }).optional();
