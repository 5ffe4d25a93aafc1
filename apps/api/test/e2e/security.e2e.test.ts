import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import WebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import { disposeApp, login, startApp, type AppProcess } from "../support/app-process";
import { aRegistration, httpClient, registeredUser } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { runNode } from "../support/run-node";
import { closeAllSockets, connectedAdmin, handshakeError, recordEvents, sleep, usersSocket } from "../support/sockets";
import type { PublicUser } from "@moien/contracts";

const apps: AppProcess[] = [];
let database: TestDatabase | undefined;

afterEach(async () => {
  closeAllSockets();
  await Promise.all(apps.splice(0).map((app) => disposeApp(app)));
  await database?.drop();
  database = undefined;
});

const start = async (env: Record<string, string> = {}) => {
  const app = await startApp({ env });
  apps.push(app);
  return app;
};

/** A login sent from a chosen loopback source address (127.0.0.0/8 all reaches the app on 127.0.0.1). */
function loginFrom(app: AppProcess, localAddress: string, email: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const req = httpRequest(
      { host: "127.0.0.1", port: app.port, localAddress, method: "POST", path: "/api/v1/auth/login", agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.setHeader("content-type", "application/json");
    req.on("error", reject);
    req.end(body);
  });
}

describe("security headers", () => {
  it("should send a strict CSP, no sniffing, no framing and no X-Powered-By on API, docs and dashboard", async () => {
    const app = await start();
    for (const path of ["/api/v1/health", "/api/docs", "/", "/api/v1/users/register"]) {
      const response = await fetch(app.url + path);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("should send Cache-Control: no-store on every answer with personal data or a token", async () => {
    const app = await start();
    const http = httpClient(app.url);
    const token = await app.adminToken();
    const { user } = await registeredUser(http);
    const answers = {
      "POST /auth/login": await http.login(app.admin.email, app.admin.password),
      "POST /users/register": await http.register(aRegistration()),
      "GET /users": await http.request("GET", "/api/v1/users", { token }),
      "GET /users/count": await http.request("GET", "/api/v1/users/count", { token }),
      "GET /users/stats": await http.request("GET", "/api/v1/users/stats", { token }),
      "GET /users/:id": await http.request("GET", `/api/v1/users/${user.id}`, { token }),
      "GET /users/export": await http.request("GET", "/api/v1/users/export", { token }),
      "GET /audit": await http.request("GET", "/api/v1/audit", { token }),
    };
    for (const [route, response] of Object.entries(answers)) {
      expect(response.status, route).toBeLessThan(300);
      expect(response.headers.get("cache-control"), route).toBe("no-store");
    }
  });
});

describe("login throttling", () => {
  it("should block an account for growing delays after repeated failures, and reset on success", async () => {
    const app = await start({ RATE_LIMIT_LOGIN: "1000" });
    const http = httpClient(app.url);
    const { registration } = await registeredUser(http);
    const attempt = (password: string) => http.login(registration.email, password);

    for (let i = 0; i < 5; i++) expect((await attempt("wrong-password")).status).toBe(401);
    const first = await attempt(registration.password);
    expectProblem(first, 429);
    expect(first.headers.get("retry-after")).toBe("1");

    await sleep(1_100);
    expect((await attempt("wrong-password")).status).toBe(401);
    const second = await attempt("wrong-password");
    expectProblem(second, 429);
    expect(second.headers.get("retry-after")).toBe("2");
    // Other accounts are not affected.
    expect((await http.login(app.admin.email, app.admin.password)).status).toBe(200);

    await sleep(2_100);
    expect((await attempt(registration.password)).status).toBe(200);
    expect((await attempt("wrong-password")).status).toBe(401); // the count started over
  });

  it("should not let one address hammering an admin's email lock that admin out from another address", async () => {
    const app = await start({ RATE_LIMIT_LOGIN: "1000" });
    const attacker = [];
    for (let i = 0; i < 30; i++) attacker.push(await loginFrom(app, "127.0.0.1", app.admin.email, "wrong-password"));
    expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacker.slice(5).every((s) => s === 429 || s === 401)).toBe(true);
    expect(attacker).toContain(429); // the attacking address itself is blocked
    expect(await loginFrom(app, "127.0.0.2", app.admin.email, app.admin.password)).toBe(200);
    // Still blocked where the failures came from, even with the right password.
    expect(await loginFrom(app, "127.0.0.1", app.admin.email, app.admin.password)).toBe(429);
  });

  it("should refuse new addresses once an account passes its failure ceiling, and let a recently signed-in address through", async () => {
    const app = await start({ RATE_LIMIT_LOGIN: "1000" });
    expect(await loginFrom(app, "127.0.0.2", app.admin.email, app.admin.password)).toBe(200);
    // 25 addresses × 5 failures = 125 failures, over the ceiling of 100 in 15 minutes.
    const sources = Array.from({ length: 25 }, (_, i) => `127.0.1.${i + 1}`);
    const statuses: number[] = [];
    await Promise.all(
      sources.map(async (source) => {
        for (let i = 0; i < 5; i++) statuses.push(await loginFrom(app, source, app.admin.email, "wrong-password"));
      }),
    );
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(100);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(await loginFrom(app, "127.0.0.3", app.admin.email, app.admin.password)).toBe(429);
    expect(await loginFrom(app, "127.0.0.2", app.admin.email, app.admin.password)).toBe(200);
  });

  it("should let a client register again once its window has passed", async () => {
    const app = await start({ RATE_LIMIT_REGISTER: "2", RATE_LIMIT_WINDOW: "2s" });
    const http = httpClient(app.url);
    expect((await http.register(aRegistration())).status).toBe(201);
    expect((await http.register(aRegistration())).status).toBe(201);
    const limited = await http.register(aRegistration());
    expectProblem(limited, 429);
    await sleep(Number(limited.headers.get("retry-after")) * 1000 + 100);
    expect((await http.register(aRegistration())).status).toBe(201);
  });

  it("should share the limits across nodes when Redis is configured", async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString("hex")}`,
      JWT_SECRET: randomBytes(32).toString("hex"),
      RATE_LIMIT_REGISTER: "3",
    };
    const [a, b] = [await start(env), await start(env)];
    expect((await httpClient(a.url).register(aRegistration())).status).toBe(201);
    expect((await httpClient(a.url).register(aRegistration())).status).toBe(201);
    expect((await httpClient(b.url).register(aRegistration())).status).toBe(201);
    expectProblem(await httpClient(b.url).register(aRegistration()), 429);
    expectProblem(await httpClient(a.url).register(aRegistration()), 429);
  });
});

describe("revocation", () => {
  it("should disconnect an admin's live sockets and refuse the old token when the password is reset", async () => {
    database = await createTestDatabase();
    const app = await start({ DATABASE_URL: database.url });
    const token = await app.adminToken();
    const socket = await connectedAdmin(app.url, token);
    const disconnected = new Promise<{ reason: string; at: number }>((resolve) =>
      socket.once("disconnect", (reason) => resolve({ reason, at: Date.now() })),
    );

    // The clock starts before the command: a disconnect that lagged behind the commit must not hide
    // behind the command's own shutdown time.
    const started = Date.now();
    const reset = await runNode("cli/admin.js", ["--email", app.admin.email, "--password", "a-new-password-1"], {
      DATABASE_URL: database.url,
    });
    const returned = Date.now();
    expect(reset.code, reset.output).toBe(0);
    const { reason, at } = await disconnected;
    expect(reason).toBe("io server disconnect");
    expect(at - started, `the command itself took ${returned - started} ms`).toBeLessThan(8_000);
    expect(at - returned).toBeLessThan(3_000);
    expectProblem(await httpClient(app.url).request("GET", "/api/v1/users", { token }), 401);
    expect(await login(app.url, app.admin.email, "a-new-password-1")).toBeTruthy();
  });
});

describe("socket abuse", () => {
  it("should keep a connected admin receiving events promptly while a handshake flood is refused", async () => {
    const app = await start({ SOCKET_CONNECT_LIMIT: "50" });
    const admin = recordEvents(await connectedAdmin(app.url, await app.adminToken()));
    const http = httpClient(app.url);

    const flood = Array.from({ length: 300 }, (_, i) =>
      handshakeError(usersSocket(app.url, { auth: { token: `junk-${i}` } })).catch((e: Error) => e.message),
    );
    const sentAt = performance.now();
    const created = await http.register(aRegistration());
    await admin.waitFor(1, 5_000);
    const latencyMs = performance.now() - sentAt;
    const outcomes = await Promise.all(flood);

    expect((admin.events[0]!.payload as PublicUser).id).toBe(created.body.id);
    expect(latencyMs).toBeLessThan(1_000);
    // At most the 50 allowed a minute reached the token check; the rest were turned away before it.
    // A handshake that timed out was not refused: it is counted apart and must not happen.
    const timedOut = outcomes.filter((m) => /timed out/.test(m));
    const refused = outcomes.filter((m) => m !== "unauthorized" && !/timed out/.test(m));
    expect(timedOut).toEqual([]);
    expect(outcomes.filter((m) => m === "unauthorized").length).toBeLessThanOrEqual(50);
    expect(refused.length).toBeGreaterThanOrEqual(249);
    expect(new Set(refused).size, [...new Set(refused)].join(", ")).toBe(1);
  });

  it("should refuse more live sockets per token than SOCKET_MAX_PER_TOKEN, until one leaves", async () => {
    const app = await start({ SOCKET_MAX_PER_TOKEN: "3" });
    const token = await app.adminToken();
    const sockets = [await connectedAdmin(app.url, token), await connectedAdmin(app.url, token), await connectedAdmin(app.url, token)];
    expect(await handshakeError(usersSocket(app.url, { auth: { token } }))).toBe("too_many_connections");
    // Another session of the same admin (a token issued a second later) has its own budget.
    await sleep(1_100);
    expect((await connectedAdmin(app.url, await app.adminToken())).connected).toBe(true);
    sockets[0]!.disconnect();
    await sleep(200);
    expect((await connectedAdmin(app.url, token)).connected).toBe(true);
  });

  it("should give back the place of a client that leaves while its handshake is being checked", async () => {
    const app = await start({ SOCKET_MAX_PER_TOKEN: "1" });
    const token = await app.adminToken();
    const wsUrl = `${app.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;
    // Each client asks to join /users and drops the TCP connection at once: the server is still
    // checking the token when the transport closes, and must not keep the place for it.
    for (let i = 0; i < 20; i++) {
      const raw = new WebSocket(wsUrl);
      await new Promise<void>((resolve, reject) => {
        raw.once("error", reject);
        raw.once("message", () => {
          raw.send(`40/users,${JSON.stringify({ token })}`);
          raw.terminate();
          resolve();
        });
      });
    }
    await sleep(300);
    expect((await connectedAdmin(app.url, token)).connected).toBe(true);
  });

  it("should connect exactly SOCKET_MAX_PER_TOKEN of many concurrent handshakes with one token", async () => {
    const app = await start({ SOCKET_MAX_PER_TOKEN: "3" });
    const token = await app.adminToken();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        connectedAdmin(app.url, token).then(
          () => "connected",
          (error: Error) => error.message,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "connected")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "too_many_connections")).toHaveLength(17);
    // Refused handshakes hold nothing: once every socket leaves, the full budget is back.
    closeAllSockets();
    await sleep(300);
    const again = await Promise.all(Array.from({ length: 3 }, () => connectedAdmin(app.url, token)));
    expect(again.every((s) => s.connected)).toBe(true);
  });
});
