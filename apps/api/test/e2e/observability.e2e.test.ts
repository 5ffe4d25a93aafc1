import { afterEach, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { startAppOn } from "../support/backends";
import { aRegistration, httpClient } from "../support/factories";
import type { TestDatabase } from "../support/postgres";
import { expectProblem } from "../support/problem";
import { closeAllSockets, connectedAdmin, recordEvents, sleep } from "../support/sockets";

let app: AppProcess | undefined;
let database: TestDatabase | undefined;
afterEach(async () => {
  closeAllSockets();
  await disposeApp(app);
  app = undefined;
  await database?.drop();
  database = undefined;
});

/** One sample's value from a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = /^([^{\s]+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}

describe("metrics at /metrics", () => {
  it("should count requests, events and sockets as they happen", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const scrape = async () => (await http.request("GET", "/metrics")).text;
    const token = await app.adminToken();

    const before = await scrape();
    expect(sample(before, "socketio_connected_sockets", { namespace: "/users" })).toBe(0);
    expect(before).toMatch(/^process_resident_memory_bytes /m);

    const socket = await connectedAdmin(app.url, token);
    const events = recordEvents(socket);
    expect(sample(await scrape(), "socketio_connected_sockets", { namespace: "/users" })).toBe(1);

    const created = await http.register(aRegistration());
    await http.request("DELETE", `/api/v1/users/${created.body.id}`, { token });
    await events.waitFor(2);
    const after = await scrape();
    const route = { method: "POST", route: "/api/v1/users/register", status_code: "201" };
    expect(sample(after, "http_request_duration_seconds_count", route)).toBe(
      sample(before, "http_request_duration_seconds_count", route) + 1,
    );
    expect(sample(after, "http_request_duration_seconds_count", { method: "DELETE", route: "/api/v1/users/:id", status_code: "204" })).toBe(
      1,
    );
    expect(sample(after, "users_events_emitted_total", { event: "users.created" })).toBe(1);
    expect(sample(after, "users_events_emitted_total", { event: "users.deleted" })).toBe(1);
    expect(sample(after, "users_event_fanout_seconds_count")).toBe(2);
    // The sockets get an event before its row is marked published (hand-off, then mark): a scrape in
    // between reads a pending row a few ms old, so wait for the mark, as a dashboard's next scrape would.
    await expect.poll(async () => sample(await scrape(), "users_outbox_lag_seconds")).toBe(0);

    socket.disconnect();
    await sleep(200);
    expect(sample(await scrape(), "socketio_connected_sockets", { namespace: "/users" })).toBe(0);
  });

  it("should require METRICS_TOKEN when it is set", async () => {
    app = await startApp({ env: { METRICS_TOKEN: "scrape-secret-0123456789" } });
    const http = httpClient(app.url);
    expect((await http.request("GET", "/metrics")).status).toBe(403);
    expect((await http.request("GET", "/metrics", { token: "wrong-secret-0123456789x" })).status).toBe(403);
    const allowed = await http.request("GET", "/metrics", { token: "scrape-secret-0123456789" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-type")).toContain("text/plain");
  });
});

describe("logs", () => {
  it("should not log health probes and scrapes (a balancer checks every node every second), but log the rest", async () => {
    app = await startApp({ env: { LOG_LEVEL: "info" } });
    const http = httpClient(app.url);
    for (const path of ["/api/v1/health", "/api/v1/health/ready", "/api/v1/health/live", "/metrics"]) await http.request("GET", path);
    await http.request("GET", "/api/v1/users");
    await sleep(300);
    const urls = app
      .output()
      .split("\n")
      .filter((line) => line.includes('"request completed"'))
      .map((line) => (JSON.parse(line) as { req: { url: string } }).req.url);
    expect(urls).toEqual(["/api/v1/users"]);
  });

  it("should log a register, login, list and delete flow as JSON with request ids and no secrets or personal data", async () => {
    app = await startApp({ env: { LOG_LEVEL: "trace" } });
    const http = httpClient(app.url);
    const registration = aRegistration({ email: "private.person@example.com" });
    const created = await http.register(registration);
    const login = await http.login(registration.email, registration.password);
    const token = login.body.accessToken;
    const adminToken = await app.adminToken();
    await http.request("GET", `/api/v1/users?q=${encodeURIComponent(registration.email)}`, {
      token: adminToken,
      headers: { "x-request-id": "trace-me-12345" },
    });
    await http.request("DELETE", `/api/v1/users/${created.body.id}`, { token });
    await http.login(registration.email, "a-wrong-password-typed");
    await sleep(300);

    const output = app.output();
    const lines = output.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(output).toContain('"id":"trace-me-12345"');
    for (const secret of [registration.password, "a-wrong-password-typed", token, adminToken, app.admin.password]) {
      expect(output).not.toContain(secret);
    }
    for (const personal of [registration.email, "private.person", registration.phone, registration.phone.slice(1), registration.fullName]) {
      expect(output).not.toContain(personal);
    }
  });

  it.each(["embedded", "postgres"] as const)(
    "should log only the class, code and constraint of a failing query, never its parameters, on %s storage",
    async (backend) => {
      const secret = "leaky.person+0123@example.com";
      ({ app, database } = await startAppOn(backend, { env: { TEST_FAULT: "failing-query", LOG_LEVEL: "info" } }));
      const response = await httpClient(app.url).request("POST", "/api/v1/test-faults/failing-query", {
        body: { kind: "cast", value: secret },
      });
      expectProblem(response, 500);
      expect(response.text).not.toContain(secret);
      await sleep(300);
      const output = app.output();
      expect(output).toMatch(/unexpected error: DrizzleQueryError <- \S+ code=22P02/);
      for (const leak of [secret, "leaky.person", "Failed query", "params:", "select $1"]) expect(output).not.toContain(leak);
    },
    60_000,
  );

  it("should answer 503, not 500, when a query times out, and log no parameter", async () => {
    const secret = "timed.out.person@example.com";
    ({ app, database } = await startAppOn("postgres", { env: { TEST_FAULT: "failing-query", LOG_LEVEL: "info" } }));
    const http = httpClient(app.url);
    const response = await http.request("POST", "/api/v1/test-faults/failing-query", { body: { kind: "timeout", value: secret } });
    expectProblem(response, 503);
    expect(response.headers.get("retry-after")).toBe("5");
    await sleep(300);
    expect(app.output()).not.toContain(secret);
  });

  it("should not have the failing-query route without TEST_FAULT", async () => {
    app = await startApp();
    const response = await httpClient(app.url).request("POST", "/api/v1/test-faults/failing-query", { body: { kind: "cast", value: "x" } });
    expectProblem(response, 404);
  });
});
