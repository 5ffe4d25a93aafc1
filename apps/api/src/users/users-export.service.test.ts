import { describe, expect, it } from "vitest";
import type { AuditRepository } from "../audit/audit.repository";
import type { Principal } from "../auth/principal";
import { RateLimitedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { ExportRateLimit } from "./export-rate-limit";
import type { UserRow } from "./user.mapper";
import { UsersExportService } from "./users-export.service";
import type { UsersSearchRepository } from "./users-search.repository";

const admin: Principal = { id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71", role: "admin", tokenVersion: 0, expiresAtMs: Date.now() + 60_000 };
const row: UserRow = {
  id: "7b0c1a52-1f5e-4a3e-9b1e-2f1d3c4b5a69",
  fullName: "Ahmed Mohamed Ali",
  countryCode: "LU",
  phone: "+352691234567",
  email: "ahmed@example.com",
  createdAt: new Date("2026-02-01T12:00:00.000Z"),
};

/** The service with one export a minute, a store whose reads fail while `down`, and the audit entries it wrote. */
function exportService() {
  const state = { down: true, recorded: [] as unknown[] };
  const users = { listUsers: async () => (state.down ? Promise.reject(new Error("connection terminated")) : [row]) };
  const audit = { recordAlone: async (entry: unknown) => void state.recorded.push(entry) };
  const limit = new ExportRateLimit({ exportsPerMinute: 1, redisKeyPrefix: "test" } as AppConfig);
  const service = new UsersExportService(users as unknown as UsersSearchRepository, audit as unknown as AuditRepository, limit);
  return { service, state };
}

describe("UsersExportService", () => {
  it("should neither record nor count an export when its first read fails", async () => {
    const { service, state } = exportService();

    await expect(service.startOrThrow(admin, { order: "newest" }, "req-1")).rejects.toThrow("connection terminated");
    expect(state.recorded).toEqual([]);

    state.down = false;
    const started = await service.startOrThrow(admin, { order: "newest" }, "req-2");
    expect(state.recorded).toHaveLength(1);
    const text = Buffer.concat(await started.body.toArray()).toString("utf8");
    expect(text).toContain("Ahmed Mohamed Ali");
    // The one export of the minute is used now.
    await expect(service.startOrThrow(admin, { order: "newest" }, "req-3")).rejects.toBeInstanceOf(RateLimitedError);
  });
});
