/** Position after the last row of a page: newest-first order is (createdAt desc, id desc). */
export type UsersCursor = { createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: UsersCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, "utf8").toString("base64url");
}

/** Null when the cursor was not made by `encodeCursor`. */
export function decodeCursor(value: string): UsersCursor | null {
  const [iso, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (!iso || !id || extra !== undefined || !UUID.test(id)) return null;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return null;
  return { createdAt, id };
}
