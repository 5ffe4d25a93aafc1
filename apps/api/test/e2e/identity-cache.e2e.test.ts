import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { httpClient, type Http } from "../support/factories";
import { createOperator, firstSignIn, nextStep, totp } from "../support/operators";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { sleep } from "../support/sockets";

// Issue 18: a session check must not add a database round trip to every request, and an ended session
// must still stop working at once, on every node. Each node keeps operators' identities in memory
// (auth/identity-cache.ts), forgotten when PostgreSQL notifies a change (migration 0010). Two nodes share
// one PostgreSQL and no Redis: the notifications are the only way node B hears of what node A did.

const METRICS_TOKEN = "scrape-secret-0123456789";

/** The node's counters of token checks answered from memory and from the database. */
async function lookups(http: Http): Promise<{ cache: number; database: number; live: number }> {
  const text = (await http.request("GET", "/metrics", { token: METRICS_TOKEN })).text;
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    cache: value(/^auth_identity_lookups_total\{source="cache"\} (\d+)/m),
    database: value(/^auth_identity_lookups_total\{source="database"\} (\d+)/m),
    live: value(/^auth_identity_cache_live (\d+)/m),
  };
}

describe("operators' identities kept in memory on two nodes sharing PostgreSQL", () => {
  let database: TestDatabase;
  let a: AppProcess;
  let b: AppProcess;
  let httpA: Http;
  let httpB: Http;
  let adminToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, JWT_SECRET: randomBytes(32).toString("hex"), METRICS_TOKEN };
    a = await startApp({ env });
    b = await startApp({ env });
    httpA = httpClient(a.url);
    httpB = httpClient(b.url);
    adminToken = await a.adminToken();
  });
  afterAll(async () => {
    await Promise.all([disposeApp(a), disposeApp(b)]);
    await database?.drop();
  });

  const list = (http: Http, token: string) => http.request("GET", "/api/v1/users?limit=1", { token });
  const newOperator = async (role: "viewer" | "support" | "admin" = "viewer", withFactor = false) => {
    const created = await createOperator(httpA, adminToken, role);
    return { ...created, ...(await firstSignIn(httpA, created.email, created.oneTimePassword, withFactor)) };
  };
  /** Node B has answered this token from memory (it can fail: without the cache every check reads the database). */
  const warmOnB = async (token: string) => {
    const before = await lookups(httpB);
    for (let i = 0; i < 3; i++) expect((await list(httpB, token)).status).toBe(200);
    const after = await lookups(httpB);
    expect(after.cache - before.cache).toBeGreaterThanOrEqual(2);
    expect(after.database - before.database).toBeLessThanOrEqual(1);
  };

  it("should answer an operator's repeated requests from memory, and refuse at once on node B each ending made on node A", async () => {
    expect((await lookups(httpB)).live).toBe(1);
    const endings: Record<string, (operator: Awaited<ReturnType<typeof newOperator>>) => Promise<{ status: number }>> = {
      "sign-out": (op) => httpA.request("POST", "/api/v1/auth/logout", { token: op.token }),
      "ended by an admin": (op) => httpA.request("DELETE", `/api/v1/operators/${op.id}/sessions`, { token: adminToken }),
      disabled: (op) => httpA.request("PATCH", `/api/v1/operators/${op.id}`, { token: adminToken, body: { disabled: true } }),
      "role changed": (op) => httpA.request("PATCH", `/api/v1/operators/${op.id}`, { token: adminToken, body: { role: "support" } }),
      "factors reset": (op) => httpA.request("POST", `/api/v1/operators/${op.id}/mfa-reset`, { token: adminToken }),
      "its own session ended from another": async (op) => {
        const other = (await httpA.login(op.email, op.password)).body.accessToken;
        const mine = await httpA.request<{ items: { id: string; current: boolean }[] }>("GET", "/api/v1/auth/sessions", { token: other });
        const target = mine.body.items.find((s) => !s.current)!;
        return httpA.request("DELETE", `/api/v1/auth/sessions/${target.id}`, { token: other });
      },
      "password changed in another session": async (op) => {
        const other = (await httpA.login(op.email, op.password)).body.accessToken;
        return httpA.request("POST", "/api/v1/auth/password", {
          token: other,
          body: { currentPassword: op.password, newPassword: `changed-${Date.now()}-password` },
        });
      },
    };
    for (const [how, end] of Object.entries(endings)) {
      const operator = await newOperator();
      await warmOnB(operator.token);
      expect((await end(operator)).status, how).toBeLessThan(300);
      expectProblem(await list(httpB, operator.token), 401);
      expectProblem(await list(httpA, operator.token), 401);
    }
  });

  it("should see a change written straight into the database, and a fresh factor verified on the other node", async () => {
    const operator = await newOperator("admin", true);
    await warmOnB(operator.token);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      // An old factor: node B must ask for a step-up at once, though it answered from memory before.
      await db.query("update operator_sessions set mfa_verified_at = now() - interval '11 minutes' where operator_id = $1", [operator.id]);
      expect(expectProblem(await httpB.request("POST", "/api/v1/users/export/links", { token: operator.token }), 403).type).toMatch(
        /step-up-required$/,
      );
      await nextStep(); // the enrolment used this step's code
      expect(
        (await httpA.request("POST", "/api/v1/auth/mfa/step-up", { token: operator.token, body: { code: totp(operator.secret) } })).status,
      ).toBe(204);
      expect((await httpB.request("POST", "/api/v1/users/export/links", { token: operator.token })).status).toBe(201);
      // A token version bumped by hand (as a restore or a support script might): refused at once.
      await db.query("update accounts set token_version = token_version + 1 where id = $1", [operator.id]);
      expectProblem(await list(httpB, operator.token), 401);
    } finally {
      await db.end();
    }
  }, 60_000);

  it("should keep nothing in memory while it cannot hear the database, so an ending it missed is still refused", async () => {
    const operator = await newOperator();
    await warmOnB(operator.token);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      // Node B frozen, its connections killed meanwhile: the ending's notification reaches nobody of B's.
      process.kill(b.pid()!, "SIGSTOP");
      try {
        await db.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name like $2", [
          database.name,
          `%/${b.pid()}`,
        ]);
        expect((await httpA.request("DELETE", `/api/v1/operators/${operator.id}/sessions`, { token: adminToken })).status).toBe(204);
      } finally {
        process.kill(b.pid()!, "SIGCONT");
      }
      expectProblem(await list(httpB, operator.token), 401);
      // The listener comes back by itself, and memory serves again.
      const deadline = Date.now() + 10_000;
      while ((await lookups(httpB)).live !== 1 && Date.now() < deadline) await sleep(100);
      expect((await lookups(httpB)).live).toBe(1);
      const next = await newOperator();
      await warmOnB(next.token);
    } finally {
      await db.end();
    }
  }, 30_000);
});

// The embedded store: one node, whose single connection is its listener. Without it nothing was ever
// kept on this store, and every token check read the database (the list's A/B against 7c20722 caught it).
describe("operators' identities kept in memory on the embedded store", () => {
  let app: AppProcess;
  let http: Http;
  let adminToken: string;

  beforeAll(async () => {
    app = await startApp({ env: { METRICS_TOKEN } });
    http = httpClient(app.url);
    adminToken = await app.adminToken();
  });
  afterAll(() => disposeApp(app));

  const list = (token: string) => http.request("GET", "/api/v1/users?limit=1", { token });

  it("should answer an operator's repeated requests from memory, and refuse each ending at once", async () => {
    expect((await lookups(http)).live).toBe(1);
    const endings: Record<string, (operator: { id: string; token: string }) => Promise<{ status: number }>> = {
      "sign-out": (op) => http.request("POST", "/api/v1/auth/logout", { token: op.token }),
      "ended by an admin": (op) => http.request("DELETE", `/api/v1/operators/${op.id}/sessions`, { token: adminToken }),
      disabled: (op) => http.request("PATCH", `/api/v1/operators/${op.id}`, { token: adminToken, body: { disabled: true } }),
      "role changed": (op) => http.request("PATCH", `/api/v1/operators/${op.id}`, { token: adminToken, body: { role: "support" } }),
    };
    for (const [how, end] of Object.entries(endings)) {
      const created = await createOperator(http, adminToken, "viewer");
      const operator = { ...created, ...(await firstSignIn(http, created.email, created.oneTimePassword, false)) };
      const before = await lookups(http);
      for (let i = 0; i < 3; i++) expect((await list(operator.token)).status).toBe(200);
      const after = await lookups(http);
      expect(after.cache - before.cache, how).toBeGreaterThanOrEqual(2);
      expect((await end(operator)).status, how).toBeLessThan(300);
      expectProblem(await list(operator.token), 401);
    }
  });
});
