import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { httpClient, type Http } from "../support/factories";
import { createOperator, firstSignIn } from "../support/operators";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { closeAllSockets, connectedAdmin, sleep } from "../support/sockets";

// Contract, "Operators: sessions": server-side, with idle and absolute timeouts; ended by sign-out, by an
// admin, and by disabling, a role change or a factor reset; an ended session's token answers 401 at once
// and its sockets are cut within 5 s, on every node. The console's cookie: HttpOnly, SameSite=Strict,
// and a state-changing request carrying it must come from an allowed origin.

/** Waits until the socket is disconnected by the server; resolves how long it took. */
function cutWithin(socket: Awaited<ReturnType<typeof connectedAdmin>>, ms: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the socket was not cut within ${ms} ms`)), ms);
    socket.once("disconnect", () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

const cookieOf = (headers: Headers): string => headers.getSetCookie().find((c) => c.startsWith("moien_session=")) ?? "";

describe("operator sessions on one node", () => {
  let app: AppProcess;
  let http: Http;
  let adminToken: string;

  beforeAll(async () => {
    app = await startApp();
    http = httpClient(app.url);
    adminToken = await app.adminToken();
  });
  afterAll(() => disposeApp(app));
  afterEach(closeAllSockets);

  const me = (token: string) => http.request("GET", "/api/v1/auth/session", { token });
  const newOperator = async (role: "viewer" | "support" | "admin" = "viewer") => {
    const created = await createOperator(http, adminToken, role);
    const signedIn = await firstSignIn(http, created.email, created.oneTimePassword, false);
    return { ...created, ...signedIn };
  };

  it("should set the session cookie HttpOnly, SameSite=Strict, and refuse a cross-origin state change that carries it", async () => {
    const operator = await newOperator("admin");
    const cookie = cookieOf(operator.headers);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure under HTTPS
    const session = cookie.split(";")[0]!;

    expect((await http.request("GET", "/api/v1/auth/session", { headers: { cookie: session } })).status).toBe(200);
    const post = (origin?: string) =>
      http.request("POST", "/api/v1/operators", {
        headers: { cookie: session, ...(origin ? { origin } : {}) },
        body: { email: `cookie.${Date.now()}.${origin?.length ?? 0}@moien.test`, role: "viewer" },
      });
    expectProblem(await post("https://evil.example"), 403);
    expectProblem(await post(), 403);
    expect((await post(app.url)).status).toBe(201);
    expect((await post("http://localhost:5173")).status).toBe(201); // an allowed CORS origin (the dev server)

    const logout = await http.request("POST", "/api/v1/auth/logout", { headers: { cookie: session, origin: app.url } });
    expect(logout.status).toBe(204);
    expect(cookieOf(logout.headers)).toMatch(/Max-Age=0/);
    expectProblem(await http.request("GET", "/api/v1/auth/session", { headers: { cookie: session } }), 401);
    expectProblem(await me(operator.token), 401);
  });

  it("should end the token and cut the sockets when an admin ends the sessions, disables, changes the role or resets the factors", async () => {
    const end = async (id: string, how: string) => {
      if (how === "end") return http.request("DELETE", `/api/v1/operators/${id}/sessions`, { token: adminToken });
      if (how === "disable") return http.request("PATCH", `/api/v1/operators/${id}`, { token: adminToken, body: { disabled: true } });
      if (how === "role") return http.request("PATCH", `/api/v1/operators/${id}`, { token: adminToken, body: { role: "support" } });
      return http.request("POST", `/api/v1/operators/${id}/mfa-reset`, { token: adminToken });
    };
    for (const how of ["end", "disable", "role", "reset"]) {
      const operator = await newOperator();
      const socket = await connectedAdmin(app.url, operator.token);
      const cut = cutWithin(socket, 5_000);
      expect((await end(operator.id, how)).status, how).toBeLessThan(300);
      expectProblem(await me(operator.token), 401);
      expect(await cut).toBeLessThan(5_000);
      if (how === "disable") {
        expect(expectProblem(await http.login(operator.email, operator.password), 403).type).toMatch(/account-disabled$/);
      }
    }
    const audit = await http.request<{ items: { action: string }[] }>("GET", "/api/v1/audit", { token: adminToken });
    const actions = new Set(audit.body.items.map((e) => e.action));
    for (const action of [
      "operator.sessions_ended",
      "operator.disabled",
      "operator.role_changed",
      "operator.mfa_reset",
      "operator.created",
    ]) {
      expect(actions).toContain(action);
    }
  });

  it("should list my sessions, end another one of mine, and end the others when I change my password", async () => {
    const operator = await newOperator();
    const second = (await http.login(operator.email, operator.password)).body.accessToken;
    const third = (await http.login(operator.email, operator.password)).body.accessToken;
    const mine = await http.request<{ items: { id: string; current: boolean; address: string }[] }>("GET", "/api/v1/auth/sessions", {
      token: operator.token,
    });
    expect(mine.body.items).toHaveLength(3);
    expect(mine.body.items.filter((s) => s.current)).toHaveLength(1);
    expect(mine.body.items[0]?.address).toBe("127.0.0.1");
    const other = mine.body.items.find((s) => !s.current)!;
    expect((await http.request("DELETE", `/api/v1/auth/sessions/${other.id}`, { token: operator.token })).status).toBe(204);
    // Exactly the one ended: the other still holds.
    const statuses = [(await me(second)).status, (await me(third)).status].sort();
    expect(statuses).toEqual([200, 401]);

    expectProblem(
      await http.request("POST", "/api/v1/auth/password", {
        token: operator.token,
        body: { currentPassword: "wrong-one", newPassword: "my-new-password-1" },
      }),
      400,
    );
    expect(
      (
        await http.request("POST", "/api/v1/auth/password", {
          token: operator.token,
          body: { currentPassword: operator.password, newPassword: "my-new-password-1" },
        })
      ).status,
    ).toBe(204);
    expect((await me(operator.token)).status).toBe(200);
    expectProblem(await me(second), 401);
    expectProblem(await me(third), 401);
    // Someone else's session is not mine to end.
    const stranger = await newOperator();
    const theirs = await http.request<{ items: { id: string }[] }>("GET", "/api/v1/auth/sessions", { token: stranger.token });
    expectProblem(await http.request("DELETE", `/api/v1/auth/sessions/${theirs.body.items[0]!.id}`, { token: operator.token }), 404);
  });

  it("should never disable, demote or reset the last enabled admin from the console", async () => {
    const admins = await http.request<{ items: { id: string; role: string; disabled: boolean }[] }>("GET", "/api/v1/operators", {
      token: adminToken,
    });
    // Disable every other enabled admin first (created by earlier tests).
    const first = admins.body.items.find((o) => o.role === "admin" && !o.disabled && o.id !== undefined);
    const self = (await me(adminToken)).body as { operator: { id: string } };
    for (const other of admins.body.items.filter((o) => o.role === "admin" && !o.disabled && o.id !== self.operator.id)) {
      expect((await http.request("PATCH", `/api/v1/operators/${other.id}`, { token: adminToken, body: { disabled: true } })).status).toBe(
        200,
      );
    }
    expect(first).toBeDefined();
    const id = self.operator.id;
    for (const [method, path, body] of [
      ["PATCH", `/api/v1/operators/${id}`, { disabled: true }],
      ["PATCH", `/api/v1/operators/${id}`, { role: "viewer" }],
      ["POST", `/api/v1/operators/${id}/mfa-reset`, undefined],
    ] as const) {
      expect(expectProblem(await http.request(method, path, { token: adminToken, body }), 409).type).toMatch(/last-admin$/);
    }
    expect((await me(adminToken)).status).toBe(200);
  });
});

describe("operator session timeouts (SESSION_IDLE_TIMEOUT=3s, SESSION_MAX_AGE=8s)", () => {
  let app: AppProcess;
  let http: Http;
  let adminToken: string;

  beforeAll(async () => {
    app = await startApp({ env: { SESSION_IDLE_TIMEOUT: "3s", SESSION_MAX_AGE: "8s" } });
    http = httpClient(app.url);
    adminToken = await app.adminToken();
  });
  afterAll(() => disposeApp(app));

  const me = (token: string) => http.request("GET", "/api/v1/auth/session", { token });
  const newOperator = async () => {
    const created = await createOperator(http, adminToken, "viewer");
    return firstSignIn(http, created.email, created.oneTimePassword, false);
  };

  it("should end a session after the idle timeout, and at its absolute end even when kept busy", async () => {
    const idle = await newOperator();
    const busy = await newOperator();
    const started = Date.now();
    let idleChecked = false;
    while (Date.now() - started < 7_000) {
      expect((await me(busy.token)).status).toBe(200);
      if (!idleChecked && Date.now() - started > 3_600) {
        expectProblem(await me(idle.token), 401);
        idleChecked = true;
      }
      await sleep(1_000);
    }
    expect(idleChecked).toBe(true);
    await sleep(Math.max(0, 8_300 - (Date.now() - started)));
    expectProblem(await me(busy.token), 401);
  }, 30_000);
});

describe("operator sessions on two nodes sharing PostgreSQL and Redis", () => {
  let database: TestDatabase;
  const nodes: AppProcess[] = [];

  afterAll(async () => {
    closeAllSockets();
    await Promise.all(nodes.map((node) => disposeApp(node)));
    await database?.drop();
  });

  it("should cut a socket on node B within 5 s when its session is ended on node A", async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString("hex")}`,
      JWT_SECRET: randomBytes(32).toString("hex"),
    };
    nodes.push(await startApp({ env }));
    nodes.push(await startApp({ env }));
    const [a, b] = nodes as [AppProcess, AppProcess];
    const httpA = httpClient(a.url);
    const adminToken = await a.adminToken();
    const created = await createOperator(httpA, adminToken, "support");
    const operator = await firstSignIn(httpA, created.email, created.oneTimePassword, false);
    const socket = await connectedAdmin(b.url, operator.token);
    const cut = cutWithin(socket, 5_000);
    expect((await httpA.request("DELETE", `/api/v1/operators/${created.id}/sessions`, { token: adminToken })).status).toBe(204);
    expectProblem(await httpClient(b.url).request("GET", "/api/v1/users", { token: operator.token }), 401);
    expect(await cut).toBeLessThan(5_000);
  });
});
