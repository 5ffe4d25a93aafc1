import { once } from "node:events";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { disposeApp, login, makeDataDir, startApp, TEST_ADMIN, type AppProcess } from "../support/app-process";
import { BACKENDS, startAppOn } from "../support/backends";
import { aRegistration, httpClient, registeredUser } from "../support/factories";
import { cutDatabase, type TestDatabase } from "../support/postgres";
import { firstSignIn } from "../support/operators";
import { expectProblem } from "../support/problem";
import { runNode } from "../support/run-node";
import { closeAllSockets, connectedAdmin, recordEvents, sleep } from "../support/sockets";

let app: AppProcess | undefined;
let database: TestDatabase | undefined;
const dirs: string[] = [];

afterEach(async () => {
  closeAllSockets();
  await disposeApp(app);
  await database?.drop();
  app = undefined;
  database = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(BACKENDS)("rate limits on %s storage", (backend) => {
  it("should answer 429 with Retry-After when a client registers or logs in too often, and 0 turns it off", async () => {
    ({ app, database } = await startAppOn(backend, { env: { RATE_LIMIT_REGISTER: "3", RATE_LIMIT_LOGIN: "2" } }));
    const http = httpClient(app.url);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await http.register(aRegistration())).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = expectProblem(await http.register(aRegistration()), 429);
    expect(limited.detail).toMatch(/try again/);
    const retryAfter = Number((await http.register(aRegistration())).headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await http.login("someone@example.com", "wrong-password")).status).toBe(401);
    expect((await http.login("someone@example.com", "wrong-password")).status).toBe(401);
    expectProblem(await http.login(TEST_ADMIN.email, TEST_ADMIN.password), 429);
  });
});

describe("restarts and the data directory", () => {
  it("should keep users and accept earlier tokens when restarted on the same DATA_DIR", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const adminToken = await app.adminToken();
    const { user, token } = await registeredUser(http);
    await app.restart();
    expect((await http.request("GET", `/api/v1/users/${user.id}`, { token: adminToken })).body).toEqual(user);
    expect((await http.request("GET", `/api/v1/users/${user.id}`, { token })).status).toBe(200);
    expect(app.output()).not.toMatch(/one-time password/);
  });

  it("should shut down within seconds on SIGTERM with a socket connected, and free DATA_DIR for a restart", async () => {
    app = await startApp();
    const socket = await connectedAdmin(app.url, await app.adminToken());
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const started = Date.now();
    await app.stop("SIGTERM");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await dropped).toBe("transport close"); // the client reconnects on its own
    expect(app.output()).not.toMatch(/shutdown took over/);
    await app.restart();
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });

  it("should announce a registration in flight at SIGTERM before the process exits", async () => {
    app = await startApp({ env: { TEST_FAULT: "slow-register" } }); // a registration waits 1 s before its commit
    const socket = await connectedAdmin(app.url, await app.adminToken());
    const recorder = recordEvents(socket);
    const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    const eventsAtDisconnect = disconnected.then(() => recorder.events.length);
    const registering = httpClient(app.url).register(aRegistration());
    await sleep(500); // the request is in (hashing, then held 1 s), its commit is not
    const stopped = app.stop("SIGTERM");
    const response = await registering;
    await stopped;
    expect(response.status).toBe(201);
    expect(await eventsAtDisconnect).toBe(1);
    expect((recorder.events[0]!.payload as { id: string }).id).toBe(response.body.id);
    expect(app.output()).not.toMatch(/shutdown took over/);
  });

  it("should leave at once, its registration announced, when the client hung up on a request it had sent whole", async () => {
    app = await startApp({ env: { TEST_FAULT: "slow-register" } }); // a registration waits 1 s before its commit
    const socket = await connectedAdmin(app.url, await app.adminToken());
    const recorder = recordEvents(socket);
    const body = JSON.stringify(aRegistration());
    const client = connect(Number(new URL(app.url).port), "127.0.0.1");
    await once(client, "connect");
    client.write(
      `POST /api/v1/users/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await sleep(300);
    client.destroy(); // gone before the answer: the request's body was whole, so fastify sees no abort
    const started = Date.now();
    await app.stop("SIGTERM"); // while the registration is still held before its commit
    // It waited for the handler (the event went out before the sockets closed), not for an answer
    // nobody can read: that waited the full 10 s and exited 1, skipping the outbox's final pass.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(app.output()).not.toMatch(/shutdown took over/);
    expect(recorder.events.map((e) => e.name)).toEqual(["users.created"]);
  });

  it("should restart at once on its DATA_DIR after a SIGKILL, with the data intact", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const adminToken = await app.adminToken();
    const created = await http.register(aRegistration());
    expect(created.status).toBe(201);
    await app.stop("SIGKILL");
    await app.restart(); // at once: a supervisor does not wait for a lock to go stale
    expect(app.output()).not.toMatch(/is in use by another process/);
    expect((await http.request("GET", `/api/v1/users/${created.body.id}`, { token: adminToken })).body).toEqual(created.body);
  });

  it("should refuse to start a second process on the same DATA_DIR with a clear message", async () => {
    app = await startApp();
    const second = await runNode("main.js", [], { DATA_DIR: app.dataDir, PORT: "0" });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`DATA_DIR ${app.dataDir} is in use by another process`);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });

  it("should print the first admin's one-time password once when ADMIN_PASSWORD is not set", async () => {
    app = await startApp({ env: { ADMIN_PASSWORD: "", LOG_LEVEL: "info" } });
    const match = /admin@moien\.test with the one-time password (\S+)/.exec(app.output());
    expect(match).not.toBeNull();
    // A one-time password: it signs in to the first sign-in's setup (a new password), not to a session.
    expect((await firstSignIn(httpClient(app.url), TEST_ADMIN.email, match![1]!, false)).token).toBeTruthy();
    await app.restart();
    expect(app.output().match(/one-time password/g)).toHaveLength(1);
  });
});

describe("configuration", () => {
  it("should refuse to start naming the variable when a value is wrong", async () => {
    const result = await runNode("main.js", [], { PORT: "eighty", CORS_ORIGINS: "http://ok.example,not a url", JWT_TTL: "soon" });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Invalid configuration/);
    expect(result.output).toMatch(/PORT:/);
    expect(result.output).toMatch(/CORS_ORIGINS:/);
    expect(result.output).toMatch(/JWT_TTL:/);
    expect(result.output).not.toMatch(/at .+\.js:\d+/);
  });

  it("should require JWT_SECRET when NODE_ENV is production", async () => {
    const result = await runNode("main.js", [], { NODE_ENV: "production", DATA_DIR: makeDataDir() });
    expect(result.code).toBe(1);
    expect(result.output).toContain("JWT_SECRET: is required when NODE_ENV=production");
  });
});

describe("admin command", () => {
  it("should create an admin, then reset its password and revoke its old tokens", async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password };
    const created = await runNode("cli/admin.js", ["--email", "Ops@Moien.test", "--password", "first-password"], env);
    expect(created.output).toContain("Created operator ops@moien.test (admin)");
    expect(created.code).toBe(0);

    app = await startApp({ dataDir, env });
    const oldToken = await login(app.url, "ops@moien.test", "first-password");
    await app.stop();

    const reset = await runNode("cli/admin.js", ["--email", "ops@moien.test"], env);
    expect(reset.code).toBe(0);
    const password = /One-time password \(to be changed at first sign-in\): (\S+)/.exec(reset.output)?.[1];
    expect(reset.output).toContain("Updated operator ops@moien.test; their sessions have ended.");

    await app.restart();
    expectProblem(await httpClient(app.url).request("GET", "/api/v1/users", { token: oldToken }), 401);
    expect((await firstSignIn(httpClient(app.url), "ops@moien.test", password!, false)).token).toBeTruthy();
  });

  it("should read the password from stdin with --password-stdin, keeping it out of the arguments", async () => {
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password };
    const password = "from-stdin-passphrase-1";
    const created = await runNode("cli/admin.js", ["--email", "stdin@moien.test", "--password-stdin"], env, 30_000, `${password}\n`);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain("Created operator stdin@moien.test (admin)");
    expect(created.output).not.toContain(password);

    const both = await runNode(
      "cli/admin.js",
      ["--email", "stdin@moien.test", "--password-stdin", "--password", "x-password-1"],
      env,
      30_000,
      password,
    );
    expect(both.code).toBe(2);
    expect(both.output).toContain("cannot be used together");
    const tooShort = await runNode("cli/admin.js", ["--email", "stdin@moien.test", "--password-stdin"], env, 30_000, "short\n");
    expect(tooShort.code).toBe(2);
    expect(tooShort.output).toContain("password must be at least 8 characters");

    app = await startApp({ dataDir, env });
    expect(await login(app.url, "stdin@moien.test", password)).toBeTruthy();
  });

  it("should explain its usage and exit 2 when the arguments are wrong", async () => {
    const help = await runNode("cli/admin.js", ["--help"], {});
    expect(help.code).toBe(0);
    expect(help.output).toContain("Usage: npm run admin");
    const bad = await runNode("cli/admin.js", ["--email", "nope", "--password", "short"], {});
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("email must be a valid address");
    expect(bad.output).toContain("password must be at least 8 characters");
  });
});

describe("health when PostgreSQL is away", () => {
  it("should answer 503 with the database down, 503 problem documents for writes, and recover by itself", async () => {
    ({ app, database } = await startAppOn("postgres"));
    const http = httpClient(app.url);
    const restore = await cutDatabase(database!.name);
    try {
      const health = await http.request("GET", "/api/v1/health");
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: "error", checks: { database: "down", redis: "disabled" } });
      expectProblem(await http.register(aRegistration()), 503);
    } finally {
      await restore();
    }
    expect((await http.request("GET", "/api/v1/health")).status).toBe(200);
    expect((await http.register(aRegistration())).status).toBe(201);
  });
});
