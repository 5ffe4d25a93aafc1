import { randomUUID } from "node:crypto";
import { type AuditAction, type AuditEntry, AuditPageSchema } from "@moien/contracts";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp, login } from "../support/app-process";
import { BACKENDS, startAppOn, useAppOn } from "../support/backends";
import { type Http, httpClient, registeredUser } from "../support/factories";
import type { TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { runNode } from "../support/run-node";

/** Every entry, newest first, walking the pages by cursor. */
async function allEntries(http: Http, token: string, action?: AuditAction): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "100", ...(action ? { action } : {}), ...(cursor ? { cursor } : {}) });
    const response = await http.request("GET", `/api/v1/audit?${query.toString()}`, { token });
    expect(response.status, response.text).toBe(200);
    const page = AuditPageSchema.parse(response.body);
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

const withRequestId = (requestId: string) => ({ "x-request-id": requestId });

describe.each(BACKENDS)("audit log on %s storage", (backend) => {
  let app: AppProcess;
  let database: TestDatabase | undefined;
  let http: Http;
  let token: string;
  const entriesOf = async (requestId: string) => (await allEntries(http, token)).filter((e) => e.requestId === requestId);

  beforeAll(async () => {
    ({ app, database } = await startAppOn(backend));
    http = httpClient(app.url);
    token = await app.adminToken();
  });
  afterAll(async () => {
    await disposeApp(app);
    await database?.drop();
  });

  it("should record the first admin's creation at first start, once", async () => {
    const created = await allEntries(http, token, "admin.created");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: null, details: { email: app.admin.email, via: "first-start" }, requestId: null });
    const [signIn] = await allEntries(http, token, "admin.signed_in");
    expect(created[0]!.target).toEqual({ id: signIn!.actor!.id });
  });

  it("should record an admin's sign-in and failed sign-in once each, with the admin as actor", async () => {
    const ok = randomUUID();
    const failed = randomUUID();
    expect((await http.request("POST", "/api/v1/auth/login", { body: app.admin, headers: withRequestId(ok) })).status).toBe(200);
    const wrong = { email: app.admin.email, password: "not-the-password" };
    expectProblem(await http.request("POST", "/api/v1/auth/login", { body: wrong, headers: withRequestId(failed) }), 401);

    const [signedIn, ...more] = await entriesOf(ok);
    expect(more).toEqual([]);
    expect(signedIn).toMatchObject({ action: "admin.signed_in", actor: { email: app.admin.email }, target: null, details: {} });
    // A failed sign-in is written just after the answer (so the answer does not tell an operator's email apart).
    await expect.poll(async () => (await entriesOf(failed)).length).toBeGreaterThan(0);
    const [signInFailed, ...again] = await entriesOf(failed);
    expect(again).toEqual([]);
    expect(signInFailed).toMatchObject({ action: "admin.sign_in_failed", actor: signedIn!.actor, target: null, requestId: failed });
    expect(Date.parse(signInFailed!.at)).toBeGreaterThanOrEqual(Date.parse(signedIn!.at));
  });

  it("should record nothing when someone who is not an admin signs in or fails to", async () => {
    const { registration } = await registeredUser(http);
    const requestIds: string[] = [randomUUID(), randomUUID(), randomUUID()];
    const attempts = [
      { email: `nobody.${randomUUID()}@example.com`, password: "whatever-1" },
      { email: registration.email, password: "not-the-password" },
      { email: registration.email, password: registration.password },
    ];
    for (const [i, body] of attempts.entries())
      await http.request("POST", "/api/v1/auth/login", { body, headers: withRequestId(requestIds[i]!) });
    const all = await allEntries(http, token);
    expect(all.filter((e) => requestIds.includes(e.requestId ?? ""))).toEqual([]);
    expect(JSON.stringify(all)).not.toContain(attempts[0]!.email);
  });

  it("should record a deletion by an admin once, and nothing when the delete fails", async () => {
    const { user, token: userToken } = await registeredUser(http);
    const { user: other } = await registeredUser(http);
    const deleted = randomUUID();
    const missing = randomUUID();
    const forbidden = randomUUID();
    expectProblem(await http.request("DELETE", `/api/v1/users/${other.id}`, { token: userToken, headers: withRequestId(forbidden) }), 403);
    expect((await http.request("DELETE", `/api/v1/users/${user.id}`, { token, headers: withRequestId(deleted) })).status).toBe(204);
    expectProblem(await http.request("DELETE", `/api/v1/users/${user.id}`, { token, headers: withRequestId(missing) }), 404);

    const entries = await entriesOf(deleted);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "user.deleted", actor: { email: app.admin.email }, target: { id: user.id }, details: {} });
    expect(await entriesOf(missing)).toEqual([]);
    expect(await entriesOf(forbidden)).toEqual([]);
  });

  it("should record a self-erasure once with no actor, and keep none of the erased user's data", async () => {
    const { user, token: userToken } = await registeredUser(http, { fullName: "Zeynab Erasable Qadir" });
    const erased = randomUUID();
    expect((await http.request("DELETE", `/api/v1/users/${user.id}`, { token: userToken, headers: withRequestId(erased) })).status).toBe(
      204,
    );

    const entries = await entriesOf(erased);
    expect(entries).toEqual([expect.objectContaining({ action: "user.erased", actor: null, target: { id: user.id }, details: {} })]);
    const stored = await auditTableText();
    expect(stored).toContain(user.id);
    for (const personal of [user.fullName, "Zeynab", user.email, user.phone, user.phone.slice(1), user.phone.slice(4)]) {
      expect(stored).not.toContain(personal);
    }
  });

  it("should page newest first by cursor and filter by action", async () => {
    const everything = await allEntries(http, token);
    expect(everything.length).toBeGreaterThan(5);
    const ids = everything.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const walked: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const response = await http.request("GET", `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      const page = AuditPageSchema.parse(response.body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(everything);

    const signIns = await allEntries(http, token, "admin.signed_in");
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns).toEqual(everything.filter((e) => e.action === "admin.signed_in"));
    const firstPage = AuditPageSchema.parse((await http.request("GET", "/api/v1/audit?action=admin.signed_in&limit=1", { token })).body);
    const second = AuditPageSchema.parse(
      (await http.request("GET", `/api/v1/audit?action=admin.signed_in&limit=1&cursor=${firstPage.nextCursor}`, { token })).body,
    );
    expect([...firstPage.items, ...second.items]).toEqual(signIns.slice(0, 2));
  });

  it("should answer 400 for a bad action, cursor or limit, 401 without a token and 403 for a registered user", async () => {
    const bad = await http.request("GET", "/api/v1/audit?action=user.teleported", { token });
    expect(expectProblem(bad, 400).errors?.map((e) => e.field)).toEqual(["action"]);
    for (const query of ["cursor=not-a-cursor", `cursor=${Buffer.from("a0").toString("base64url")}`, "limit=0", "limit=101", "limit=x"]) {
      expectProblem(await http.request("GET", `/api/v1/audit?${query}`, { token }), 400);
    }
    expectProblem(await http.request("GET", "/api/v1/audit"), 401);
    const { token: userToken } = await registeredUser(http);
    expectProblem(await http.request("GET", "/api/v1/audit", { token: userToken }), 403);
  });

  it("should offer no route that changes or deletes an entry", async () => {
    const [entry] = await allEntries(http, token);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const path of ["/api/v1/audit", `/api/v1/audit/${entry!.id}`]) {
        const response = await http.request(method, path, { token, ...(method === "DELETE" ? {} : { body: {} }) });
        expect(response.status, `${method} ${path}`).toBe(404);
      }
    }
    expect((await allEntries(http, token))[0]).toEqual(entry);
  });

  it("should record admin creation and password reset by the admin command, once each", async () => {
    const email = `ops.${randomUUID().slice(0, 8)}@moien.test`;
    const env: Record<string, string> = { DATA_DIR: app.dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };
    // One process at a time may open the embedded store.
    if (!database) await app.stop();
    const created = await runNode("cli/admin.js", ["--email", email, "--password", "first-password"], env);
    const reset = await runNode("cli/admin.js", ["--email", email, "--password", "second-password"], env);
    if (!database) await app.restart();
    expect(created.code, created.output).toBe(0);
    expect(reset.code, reset.output).toBe(0);

    const mine = (await allEntries(http, token)).filter((e) => e.details.email === email);
    expect(mine.map((e) => e.action)).toEqual(["admin.password_reset", "admin.created"]);
    for (const entry of mine) expect(entry).toMatchObject({ actor: null, details: { email, via: "command" }, requestId: null });
    expect(mine[0]!.target).toEqual(mine[1]!.target);
    const opsToken = await login(app.url, email, "second-password");
    const [opsSignIn] = await allEntries(http, opsToken, "admin.signed_in");
    expect(opsSignIn!.actor).toEqual({ id: mine[0]!.target!.id, email });
  });

  /** The audit table as stored: every column of every row (SQL on PostgreSQL; the API, which returns every column, on the embedded store). */
  async function auditTableText(): Promise<string> {
    if (!database) return JSON.stringify(await allEntries(http, token));
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ row: string }>("select row_to_json(a)::text as row from audit_log a");
      return rows.map((r) => r.row).join("\n");
    } finally {
      await client.end();
    }
  }
});

describe("audit log table on PostgreSQL", () => {
  let app: AppProcess;
  let database: TestDatabase | undefined;
  beforeAll(async () => ({ app, database } = await startAppOn("postgres")));
  afterAll(async () => {
    await disposeApp(app);
    await database?.drop();
  });

  it("should refuse an update even from SQL, since entries are append-only", async () => {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      await expect(client.query("update audit_log set action = 'user.erased'")).rejects.toThrow(/append-only/);
      expect((await client.query("select count(*)::int as n from audit_log where action = 'admin.created'")).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});

describe.each(BACKENDS)("audit pruning on %s storage", (backend) => {
  const ctx = useAppOn(backend, { env: { AUDIT_RETENTION: "2s" } });

  it("should prune entries older than AUDIT_RETENTION", async () => {
    const requestId = randomUUID();
    expect((await ctx.http.request("POST", "/api/v1/auth/login", { body: ctx.app.admin, headers: withRequestId(requestId) })).status).toBe(
      200,
    );
    const present = await allEntries(ctx.http, ctx.adminToken);
    expect(present.some((e) => e.requestId === requestId)).toBe(true);

    const deadline = Date.now() + 15_000;
    let remaining = present;
    while (remaining.some((e) => e.requestId === requestId) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      remaining = await allEntries(ctx.http, ctx.adminToken);
    }
    expect(remaining.some((e) => e.requestId === requestId)).toBe(false);
    // The first admin's creation, from the start, is long gone too.
    expect(remaining.filter((e) => e.action === "admin.created")).toEqual([]);
  });
});

describe("AUDIT_RETENTION", () => {
  it("should stop the start with a message when it is not a duration", async () => {
    const result = await runNode("main.js", [], { AUDIT_RETENTION: "forever", PORT: "0" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("AUDIT_RETENTION: must be a duration");
  });
});
