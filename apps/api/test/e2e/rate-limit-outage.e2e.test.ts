import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, TEST_ADMIN, type AppProcess } from "../support/app-process";
import { aRegistration, httpClient } from "../support/factories";
import { type PrivateService, startPrivateRedis } from "../support/private-services";
import { sleep } from "../support/sockets";

// The harness turns every limit off; this suite is about the limits, so it turns them on.
describe("rate limits while Redis is away", () => {
  let redis: PrivateService;
  let app: AppProcess;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    app = await startApp({
      env: {
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `test-${randomBytes(4).toString("hex")}`,
        JWT_SECRET: randomBytes(32).toString("hex"),
        RATE_LIMIT_REGISTER: "3",
        RATE_LIMIT_LOGIN: "3",
      },
    });
  }, 60_000);

  afterAll(async () => {
    await disposeApp(app);
    await redis?.dispose();
  });

  it("should answer login and register at once from the in-memory limiter, still limiting, and heal", async () => {
    const http = httpClient(app.url);
    await redis.stop();
    // Give the client a moment to see the connection go (the outage itself).
    await sleep(300);

    const timed = async <T>(call: () => Promise<T>) => {
      const started = performance.now();
      const result = await call();
      return { result, ms: performance.now() - started };
    };
    const registrations = [];
    for (let i = 0; i < 4; i++) registrations.push(await timed(() => http.register(aRegistration())));
    expect(registrations.map((r) => r.result.status)).toEqual([201, 201, 201, 429]);
    for (const r of registrations) expect(r.ms).toBeLessThan(1_000);

    const logins = [];
    for (let i = 0; i < 4; i++)
      logins.push(await timed(() => http.login(TEST_ADMIN.email, i < 3 ? "wrong-password" : TEST_ADMIN.password)));
    expect(logins.map((r) => r.result.status)).toEqual([401, 401, 401, 429]);
    for (const r of logins) expect(r.ms).toBeLessThan(1_000);

    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await http.request("GET", "/api/v1/health")).status !== 200 && Date.now() < deadline) await sleep(100);
    // Back on the shared counters, which saw nothing of the outage.
    expect((await http.register(aRegistration())).status).toBe(201);
  });
});
