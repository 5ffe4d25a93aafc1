import type { AuditEntry } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { prependEntry, type AuditData } from "./live-audit";

const entry = (id: string, action: AuditEntry["action"] = "user.deleted"): AuditEntry => ({
  id,
  at: "2026-12-05T09:00:00.000Z",
  action,
  actor: null,
  target: null,
  details: {},
  requestId: null,
});
const data = (...ids: string[]): AuditData => ({ pages: [{ items: ids.map((id) => entry(id)), nextCursor: null }], pageParams: [null] });

describe("prependEntry", () => {
  it("should put a new entry on top once, and ignore one of another action than the filter", () => {
    const cached = data("2", "1");
    const once = prependEntry(cached, entry("3"), null);
    expect(once?.pages[0]?.items.map((e) => e.id)).toEqual(["3", "2", "1"]);
    expect(prependEntry(once, entry("3"), null)).toBe(once);
    expect(prependEntry(cached, entry("4", "users.exported"), "user.deleted")).toBe(cached);
  });
});
