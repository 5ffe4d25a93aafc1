import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./users-cursor";

describe("users cursor", () => {
  it("should round-trip when made by encodeCursor", () => {
    const cursor = { createdAt: new Date("2026-02-01T12:00:00.123Z"), id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("should refuse when the cursor is forged or garbled", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-02-01|x").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("yesterday|6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71").toString("base64url"))).toBeNull();
  });
});
