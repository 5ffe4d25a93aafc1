import { createHash } from "node:crypto";
import type { UsersFilters, UsersOrder } from "@moien/contracts";
import { isInstantInRange, searchNeedle } from "@moien/contracts";

/** Position after the last row of a page, in the page's order: (createdAt, id). */
export type UsersCursor = { createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY = /^[A-Za-z0-9_-]{16}$/;

/**
 * A short digest of what a page answers: the search needle (so `José` and `jose` share pages), the
 * countries, the dates and the order. A cursor carries it and is refused with other filters.
 */
export function filtersKey(filters: UsersFilters, order: UsersOrder): string {
  const needle = filters.q ? searchNeedle(filters.q) : "";
  const parts = [
    needle,
    filters.country ?? [],
    filters.registeredFrom?.toISOString() ?? "",
    filters.registeredTo?.toISOString() ?? "",
    order,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

export function encodeCursor(cursor: UsersCursor, key: string): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}|${key}`, "utf8").toString("base64url");
}

/** Null when the cursor was not made by `encodeCursor`. */
export function decodeCursor(value: string): (UsersCursor & { key: string }) | null {
  const [iso, id, key, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (!iso || !id || !key || extra !== undefined || !UUID.test(id) || !KEY.test(key)) return null;
  const createdAt = new Date(iso);
  // Anyone can compute the key, so the position is checked like a date filter: out of range it would reach
  // PostgreSQL as a timestamp it refuses (year 0, -1, +10000, +275760).
  if (!isInstantInRange(createdAt) || createdAt.toISOString() !== iso) return null;
  return { createdAt, id, key };
}
