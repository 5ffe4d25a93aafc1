/** Position after the last entry of a page: entries are newest first by id. Opaque to clients. */
export function encodeAuditCursor(id: number): string {
  return Buffer.from(`a${id}`, "utf8").toString("base64url");
}

/** Null when the cursor was not made by `encodeAuditCursor`. */
export function decodeAuditCursor(value: string): number | null {
  const match = /^a([1-9]\d{0,15})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}
