/** Position after the last suspension of a page: newest first by (at, userId). Opaque to clients. */
export type SuspensionsCursor = { at: Date; userId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeSuspensionsCursor({ at, userId }: SuspensionsCursor): string {
  return Buffer.from(`s|${at.toISOString()}|${userId}`, "utf8").toString("base64url");
}

/** Null when the cursor was not made by `encodeSuspensionsCursor` (or names an instant no suspension can have). */
export function decodeSuspensionsCursor(value: string): SuspensionsCursor | null {
  const [tag, iso, userId, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (tag !== "s" || !iso || !userId || extra !== undefined || !UUID.test(userId)) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) return null;
  // A forged year 0000 or 275760 would reach the database as an out-of-range timestamp.
  const year = at.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? { at, userId } : null;
}
