import { describe, expect, it } from "vitest";
import type { AuditRecord, AuditRepository } from "./audit.repository";
import { DeferredAudit } from "./deferred-audit";

const entry: AuditRecord = {
  action: "admin.sign_in_failed",
  actorId: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71",
  targetId: null,
  requestId: "r1",
};

describe("DeferredAudit", () => {
  it("should write the entry after the caller returns, retry a failed write, and be waited for at shutdown", async () => {
    const written: AuditRecord[] = [];
    let failures = 1;
    const repository = {
      recordAlone: async (record: AuditRecord) => {
        if (failures-- > 0) throw Object.assign(new Error("connection lost"), { code: "57P01" });
        written.push(record);
      },
    };
    const deferred = new DeferredAudit(repository as unknown as AuditRepository);

    deferred.recordLater(entry);
    expect(written).toEqual([]);
    await deferred.beforeApplicationShutdown();
    expect(written).toEqual([entry]);
  });
});
