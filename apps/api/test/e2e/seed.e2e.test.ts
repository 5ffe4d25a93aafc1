import { UsersStatsSchema } from "@moien/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp, login, makeDataDir, startApp } from "../support/app-process";
import { BACKENDS } from "../support/backends";
import { httpClient } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { allUsers } from "../support/all-users";
import { runNode } from "../support/run-node";

let app: AppProcess | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  await disposeApp(app);
  await database?.drop();
  app = undefined;
  database = undefined;
});

describe.each(BACKENDS)("seed command on %s storage", (backend) => {
  it(
    "should insert N users, refuse a second run without --append, add with it, and keep the stats right",
    { timeout: 120_000 },
    async () => {
      const dataDir = makeDataDir();
      if (backend === "postgres") database = await createTestDatabase();
      const env = { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };

      const first = await runNode("cli/seed.js", ["--users", "500"], env, 60_000);
      expect(first.output).toContain("Seeded 500 users");
      expect(first.code).toBe(0);
      const password = /the password: (\S+)/.exec(first.output)?.[1];

      const again = await runNode("cli/seed.js", ["--users", "10"], env, 60_000);
      expect(again.output).toContain("already has users; pass --append");
      expect(again.code).toBe(1);

      const appended = await runNode("cli/seed.js", ["--users", "120", "--append"], env, 60_000);
      expect(appended.output).toContain("Seeded 120 users");
      expect(appended.code).toBe(0);

      app = await startApp({ dataDir, env });
      const token = await app.adminToken();
      const users = await allUsers(app.url, token);
      expect(users).toHaveLength(620);
      expect(new Set(users.map((u) => u.email)).size).toBe(620);
      expect(new Set(users.map((u) => u.phone)).size).toBe(620);
      expect(users.some((u) => /[\u0600-\u06ff]/.test(u.fullName))).toBe(true);

      const stats = UsersStatsSchema.parse((await httpClient(app.url).request("GET", "/api/v1/users/stats", { token })).body);
      expect(stats.total).toBe(620);
      const perCountry = new Map<string, number>();
      for (const u of users) perCountry.set(u.countryCode, (perCountry.get(u.countryCode) ?? 0) + 1);
      expect(new Map(stats.byCountry.map((c) => [c.countryCode, c.count]))).toEqual(perCountry);
      for (const day of stats.perDay) expect(day.count).toBe(users.filter((u) => u.createdAt.startsWith(day.date)).length);

      // One real argon2 hash for the run: a seeded user of the first run logs in with its printed password.
      const seeded = users.find((u) => u.email.endsWith(".0@" + u.email.split("@")[1]))!;
      expect(await login(app.url, seeded.email, password!)).toBeTruthy();
    },
  );
});

describe("seed command arguments", () => {
  it("should explain its usage and exit 2 when the number is wrong", async () => {
    const help = await runNode("cli/seed.js", ["--help"], {});
    expect(help.code).toBe(0);
    expect(help.output).toContain("Usage: npm run seed -- --users <N> [--append]");
    for (const users of ["0", "ten", "10000001", "-5"]) expect((await runNode("cli/seed.js", ["--users", users], {})).code).toBe(2);
    expect((await runNode("cli/seed.js", [], {})).code).toBe(2);
  });
});
