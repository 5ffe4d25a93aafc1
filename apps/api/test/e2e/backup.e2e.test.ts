import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditPageSchema, type PublicUser, UsersStatsSchema } from "@moien/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp, makeDataDir, startApp } from "../support/app-process";
import { aRegistration, httpClient } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { allUsers } from "../support/all-users";
import { runNode } from "../support/run-node";

const apps: AppProcess[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await disposeApp(app);
  for (const database of databases.splice(0)) await database.drop();
});

async function started(options: Parameters<typeof startApp>[0]): Promise<AppProcess> {
  const app = await startApp(options);
  apps.push(app);
  return app;
}

/** The restored node serves, holds `acknowledged`, and its statistics agree with its rows. */
async function expectServes(app: AppProcess, acknowledged: PublicUser[]) {
  const token = await app.adminToken();
  const users = await allUsers(app.url, token);
  const ids = new Set(users.map((user) => user.id));
  expect(acknowledged.filter((user) => !ids.has(user.id))).toEqual([]);
  const stats = UsersStatsSchema.parse((await httpClient(app.url).request("GET", "/api/v1/users/stats", { token })).body);
  expect(stats.total).toBe(users.length);
  expect(stats.byCountry.reduce((sum, country) => sum + country.count, 0)).toBe(users.length);
  // It takes writes too.
  expect((await httpClient(app.url).register(aRegistration({}))).status).toBe(201);
}

describe("backups of the embedded store", () => {
  it(
    "should restore elsewhere every user acknowledged before a backup taken while registrations run, and refuse a non-empty DATA_DIR",
    { timeout: 180_000 },
    async () => {
      const app = await started({});
      const http = httpClient(app.url);
      const token = await app.adminToken();
      const acknowledged: PublicUser[] = [];
      for (let i = 0; i < 12; i++) acknowledged.push((await http.register(aRegistration({}))).body);

      // Registrations keep coming while the backup is taken; those answered before it started must be in it.
      let writing = true;
      const during = (async () => {
        let n = 0;
        while (writing && n < 40) {
          n += 1;
          await http.register(aRegistration({}));
        }
      })();
      const backup = await fetch(`${app.url}/api/v1/backup`, {
        headers: { authorization: `Bearer ${token}`, "x-request-id": "backup-test-1" },
      });
      writing = false;
      await during;
      expect(backup.status).toBe(200);
      expect(backup.headers.get("content-type")).toBe("application/gzip");
      expect(backup.headers.get("cache-control")).toBe("no-store");
      expect(backup.headers.get("x-schema-version")).toMatch(/^\d{4}_\w+$/);
      expect(backup.headers.get("content-disposition")).toMatch(/^attachment; filename="moien-backup-\d{4}-\d{2}-\d{2}-\d{4}\.tar\.gz"$/);
      const file = join(mkdtempSync(join(tmpdir(), "moien-backup-")), "backup.tar.gz");
      writeFileSync(file, Buffer.from(await backup.arrayBuffer()));

      const audit = AuditPageSchema.parse((await http.request("GET", "/api/v1/audit?action=backup.downloaded", { token })).body);
      expect(audit.items).toMatchObject([
        {
          actor: { email: app.admin.email },
          requestId: "backup-test-1",
          details: { via: "console", schema: backup.headers.get("x-schema-version") },
        },
      ]);

      // Restored into a new, empty DATA_DIR while the original keeps running.
      const restoredDir = join(makeDataDir(), "restored");
      const restored = await runNode("cli/restore.js", [file], { DATA_DIR: restoredDir }, 60_000);
      expect(restored.output).toContain(`schema ${backup.headers.get("x-schema-version")}`);
      expect(restored.code).toBe(0);
      const refused = await runNode("cli/restore.js", [file], { DATA_DIR: restoredDir }, 60_000);
      expect(refused.output).toContain("is not empty");
      expect(refused.code).toBe(1);

      await expectServes(await started({ dataDir: restoredDir }), acknowledged);
    },
  );

  it("should back up a running node with npm run backup, through the key only its DATA_DIR holds", { timeout: 120_000 }, async () => {
    const app = await started({});
    const user = (await httpClient(app.url).register(aRegistration({}))).body;
    const access = join(app.dataDir, "backup-access.json");
    expect(statSync(access).mode & 0o777).toBe(0o600);
    // Without the key, or with another, the local door stays shut.
    expectProblem(await httpClient(app.url).request("GET", "/api/v1/backup/local"), 401);
    expectProblem(await httpClient(app.url).request("GET", "/api/v1/backup/local", { headers: { "x-backup-key": "guess" } }), 401);

    const out = join(mkdtempSync(join(tmpdir(), "moien-backup-")), "running.tar.gz");
    const backup = await runNode("cli/backup.js", ["--out", out], { DATA_DIR: app.dataDir }, 60_000);
    expect(backup.output).toContain("Backed up the running embedded store");
    expect(backup.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect((await runNode("cli/backup.js", ["--out", out], { DATA_DIR: app.dataDir })).code).toBe(2); // never overwrites

    const restoredDir = join(makeDataDir(), "restored");
    expect((await runNode("cli/restore.js", [out], { DATA_DIR: restoredDir }, 60_000)).code).toBe(0);
    await expectServes(await started({ dataDir: restoredDir }), [user]);
  });

  it("should back up a stopped node's DATA_DIR by itself", { timeout: 120_000 }, async () => {
    const app = await started({});
    const user = (await httpClient(app.url).register(aRegistration({}))).body;
    apps.pop();
    await app.stop();
    expect(existsSync(join(app.dataDir, "backup-access.json"))).toBe(false);

    const out = join(mkdtempSync(join(tmpdir(), "moien-backup-")), "stopped.tar.gz");
    const backup = await runNode("cli/backup.js", ["--out", out], { DATA_DIR: app.dataDir }, 60_000);
    expect(backup.output).toContain("Backed up the stopped embedded store");
    const restoredDir = join(makeDataDir(), "restored");
    expect((await runNode("cli/restore.js", [out], { DATA_DIR: restoredDir }, 60_000)).code).toBe(0);
    await expectServes(await started({ dataDir: restoredDir }), [user]);
    rmSync(app.dataDir, { recursive: true, force: true });
  });
});

describe("backups of PostgreSQL", () => {
  it(
    "should wrap pg_dump and pg_restore, refuse a database that is not empty, and answer 409 to the API's backup",
    { timeout: 120_000 },
    async () => {
      const source = await createTestDatabase();
      databases.push(source);
      const app = await started({ env: { DATABASE_URL: source.url } });
      const users = [];
      for (let i = 0; i < 3; i++) users.push((await httpClient(app.url).register(aRegistration({}))).body);
      const refused = expectProblem(await httpClient(app.url).request("GET", "/api/v1/backup", { token: await app.adminToken() }), 409);
      expect(refused.type).toMatch(/backup-not-embedded$/);

      const out = join(mkdtempSync(join(tmpdir(), "moien-backup-")), "pg.dump");
      const dump = await runNode("cli/backup.js", ["--out", out], { DATABASE_URL: source.url }, 60_000);
      expect(dump.code, dump.output).toBe(0);
      expect(readFileSync(out).subarray(0, 5).toString()).toBe("PGDMP");

      const target = await createTestDatabase();
      databases.push(target);
      const restore = await runNode("cli/restore.js", [out], { DATABASE_URL: target.url }, 60_000);
      expect(restore.code, restore.output).toBe(0);
      expect((await runNode("cli/restore.js", [out], { DATABASE_URL: target.url }, 60_000)).output).toContain("not empty");
      await expectServes(await started({ env: { DATABASE_URL: target.url } }), users);
    },
  );
});
