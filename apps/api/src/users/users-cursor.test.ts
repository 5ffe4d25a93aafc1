import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, filtersKey } from "./users-cursor";

const position = { createdAt: new Date("2026-02-01T12:00:00.123Z"), id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71" };

describe("users cursor", () => {
  it("should round-trip when made by encodeCursor", () => {
    const key = filtersKey({}, "newest");
    expect(decodeCursor(encodeCursor(position, key))).toEqual({ ...position, key });
  });

  it("should refuse when the cursor is forged or garbled", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-02-01|x").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from(`yesterday|${position.id}|AAAAAAAAAAAAAAAA`).toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url"))).toBeNull();
  });

  it("should refuse when a forged cursor names an instant outside 1970..9999", () => {
    const key = filtersKey({}, "newest");
    const forged = (iso: string) => Buffer.from(`${iso}|${position.id}|${key}`).toString("base64url");
    for (const iso of [
      "0000-01-01T00:00:00.000Z",
      "-000001-01-01T00:00:00.000Z",
      "+010000-01-01T00:00:00.000Z",
      "+275760-09-13T00:00:00.000Z",
    ]) {
      expect(new Date(iso).toISOString(), iso).toBe(iso);
      expect(decodeCursor(forged(iso)), iso).toBeNull();
    }
    expect(decodeCursor(forged("1970-01-01T00:00:00.000Z"))).not.toBeNull();
    expect(decodeCursor(forged("9999-12-31T23:59:59.999Z"))).not.toBeNull();
  });

  it("should give one key to equivalent filters and another when filters or order change", () => {
    const key = filtersKey({ q: "José", country: ["FR", "LU"] }, "newest");
    expect(filtersKey({ q: "  jose ", country: ["FR", "LU"] }, "newest")).toBe(key);
    expect(filtersKey({ q: "jose", country: ["FR", "LU"] }, "oldest")).not.toBe(key);
    expect(filtersKey({ q: "jose", country: ["LU"] }, "newest")).not.toBe(key);
    expect(filtersKey({ q: "josef", country: ["FR", "LU"] }, "newest")).not.toBe(key);
    expect(filtersKey({ q: "jose", country: ["FR", "LU"], registeredFrom: new Date("2026-01-01") }, "newest")).not.toBe(key);
  });
});
