import { describe, expect, it } from "vitest";
import { decodeAuditCursor, encodeAuditCursor } from "./audit-cursor";

describe("audit cursor", () => {
  it("should round-trip an entry id", () => {
    expect(decodeAuditCursor(encodeAuditCursor(1))).toBe(1);
    expect(decodeAuditCursor(encodeAuditCursor(9_007_199_254_740_991))).toBe(9_007_199_254_740_991);
  });

  it("should refuse a cursor when it was not made by the server", () => {
    for (const bad of ["", "!!!", "YQ", Buffer.from("a0").toString("base64url"), Buffer.from("a12x").toString("base64url"), "12"]) {
      expect(decodeAuditCursor(bad)).toBeNull();
    }
    expect(decodeAuditCursor(Buffer.from("a99999999999999999").toString("base64url"))).toBeNull();
  });
});
