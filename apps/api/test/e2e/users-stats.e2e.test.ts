import { type UsersStats, UsersStatsSchema } from "@moien/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp } from "../support/app-process";
import { BACKENDS, startAppOn } from "../support/backends";
import { aRegistration, type Http, httpClient, registeredUser } from "../support/factories";
import type { TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { runNode } from "../support/run-node";
import { runStoreSql } from "../support/store-sql";

const utcDay = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const countryCount = (stats: UsersStats, code: string): number => stats.byCountry.find((c) => c.countryCode === code)?.count ?? 0;
const dayCount = (stats: UsersStats, date: string): number => stats.perDay.find((d) => d.date === date)?.count ?? 0;

describe.each(BACKENDS)("GET /api/v1/users/stats on %s storage", (backend) => {
  const ctx = {} as { app: AppProcess; http: Http; adminToken: string; database?: TestDatabase };
  beforeAll(async () => {
    const started = await startAppOn(backend);
    Object.assign(ctx, started, { http: httpClient(started.app.url), adminToken: await started.app.adminToken() });
  });
  afterAll(async () => {
    await disposeApp(ctx.app);
    await ctx.database?.drop();
  });
  const store = () => ({ dataDir: ctx.app.dataDir, databaseUrl: ctx.database?.url });
  const storeEnv = (): Record<string, string> => ({
    DATA_DIR: ctx.app.dataDir,
    ...(ctx.database ? { DATABASE_URL: ctx.database.url } : {}),
  });
  const stats = async (): Promise<UsersStats> => {
    const response = await ctx.http.request("GET", "/api/v1/users/stats", { token: ctx.adminToken });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return UsersStatsSchema.parse(response.body);
  };
  // The embedded store has one owner at a time: stop the server for the operator's SQL.
  const withServerStopped = async (work: () => Promise<void>) => {
    if (backend === "embedded") await ctx.app.stop();
    try {
      await work();
    } finally {
      if (backend === "embedded") await ctx.app.restart();
      ctx.adminToken = await ctx.app.adminToken();
    }
  };

  it("should answer 401 without a token and 403 to a user", async () => {
    expectProblem(await ctx.http.request("GET", "/api/v1/users/stats"), 401);
    const { token } = await registeredUser(ctx.http);
    expectProblem(await ctx.http.request("GET", "/api/v1/users/stats", { token }), 403);
  });

  it("should give 30 UTC days ending today, oldest first, zeros included, when asked", async () => {
    const body = await stats();
    expect(body.perDay.map((d) => d.date)).toEqual(Array.from({ length: 30 }, (_, i) => utcDay(29 - i)));
    expect(body.today).toBe(body.perDay.at(-1)!.count);
    expect(body.last7Days).toBe(body.perDay.slice(-7).reduce((s, d) => s + d.count, 0));
    expect(body.total).toBe(body.byCountry.reduce((s, c) => s + c.count, 0));
  });

  it("should count a registration at once and forget it when the user is deleted", async () => {
    const before = await stats();
    const fr = await ctx.http.register(aRegistration({ countryCode: "FR", phone: `+3361${String(Date.now()).slice(-7)}` }));
    expect(fr.status).toBe(201);
    await registeredUser(ctx.http);
    const after = await stats();
    expect(after.total).toBe(before.total + 2);
    expect(after.today).toBe(before.today + 2);
    expect(after.last7Days).toBe(before.last7Days + 2);
    expect(countryCount(after, "FR")).toBe(countryCount(before, "FR") + 1);
    expect(after.byCountry.find((c) => c.countryCode === "FR")?.countryName).toBe("France");

    expect((await ctx.http.request("DELETE", `/api/v1/users/${fr.body.id}`, { token: ctx.adminToken })).status).toBe(204);
    const deleted = await stats();
    expect(deleted.total).toBe(before.total + 1);
    expect(deleted.today).toBe(before.today + 1);
    expect(countryCount(deleted, "FR")).toBe(countryCount(before, "FR"));
  });

  it("should list countries largest first, ties by code, when several have users", async () => {
    const body = await stats();
    const expected = [...body.byCountry].sort((a, b) => b.count - a.count || a.countryCode.localeCompare(b.countryCode));
    expect(body.byCountry).toEqual(expected);
    expect(body.byCountry.every((c) => c.count > 0)).toBe(true);
  });

  it("should count rows an operator writes with SQL, through inserts, updates and deletes", async () => {
    const before = await stats();
    const hash = "$argon2id$v=19$m=19456,t=2,p=1$c2VlZHNlZWRzZWVk$0000000000000000000000000000000000000000000";
    await withServerStopped(() =>
      runStoreSql(
        store(),
        `insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at)
         select 'Imported ' || g, 'MA', '+2126100000' || g, 'imported' || g || '@legacy.test', '${hash}', 'user', now() - interval '3 days'
         from generate_series(1, 5) g;
         update accounts set country_code = 'TN', phone = '+21620000001' where email = 'imported1@legacy.test';
         update accounts set created_at = now() - interval '40 days' where email = 'imported2@legacy.test';
         update accounts set token_version = token_version + 1 where email like 'imported%@legacy.test';
         delete from accounts where email = 'imported3@legacy.test';`,
      ),
    );
    const after = await stats();
    expect(after.total).toBe(before.total + 4);
    expect(countryCount(after, "MA")).toBe(countryCount(before, "MA") + 3);
    expect(countryCount(after, "TN")).toBe(countryCount(before, "TN") + 1);
    expect(dayCount(after, utcDay(3)) - dayCount(before, utcDay(3))).toBe(3);
    expect(after.last7Days).toBe(before.last7Days + 3);
  });

  it("should rebuild the counters from the accounts when they have drifted", async () => {
    const truth = await stats();
    await withServerStopped(() =>
      runStoreSql(store(), `update user_counts_daily set count = count + 100; delete from user_counts_country where country_code = 'LU';`),
    );
    expect((await stats()).total).not.toBe(truth.total);
    await withServerStopped(async () => {
      const rebuilt = await runNode("cli/stats-rebuild.js", [], storeEnv());
      expect(rebuilt.output).toContain(`Rebuilt the counters: ${truth.total} users`);
      expect(rebuilt.code).toBe(0);
    });
    expect(await stats()).toEqual(truth);
  });
});
