import { randomBytes } from "node:crypto";
import type { PublicUser } from "@moien/contracts";
import { Client } from "pg";
import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { aRegistration, httpClient, registeredUser } from "../support/factories";
import { openStoppedStore } from "../support/pglite";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { closeAllSockets, connectedAdmin, recordEvents, sleep } from "../support/sockets";

// Contract, "A user's lifecycle": previous values are personal data too. Within the recovery window
// after a change, no copy of the old name, email or phone remains in the outbox, the Redis stream or a
// replay buffer. The window is shortened for the test (TEST_RECOVERY_WINDOW_MS, NODE_ENV=test only).
const WINDOW_MS = 2_000;

let app: AppProcess | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  closeAllSockets();
  await disposeApp(app);
  await database?.drop();
  app = undefined;
  database = undefined;
});

async function pgRows(url: string, text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Changes the user's name, email and phone; returns the old values. */
async function changeEverything(http: ReturnType<typeof httpClient>, token: string, user: PublicUser) {
  const fresh = aRegistration();
  const answer = await http.request("PATCH", `/api/v1/users/${user.id}`, {
    token,
    body: { fullName: "Someone Else Entirely", email: fresh.email, phone: fresh.phone },
  });
  expect(answer.status).toBe(200);
  return [user.fullName, user.email, user.phone];
}

describe("a user's previous values", () => {
  it("should be gone from PostgreSQL and the Redis stream once the recovery window has passed", async () => {
    database = await createTestDatabase();
    const prefix = `test-${randomBytes(4).toString("hex")}`;
    app = await startApp({
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: "redis://127.0.0.1:6379",
        REDIS_KEY_PREFIX: prefix,
        JWT_SECRET: randomBytes(32).toString("hex"),
        TEST_RECOVERY_WINDOW_MS: String(WINDOW_MS),
      },
    });
    const redis = createClient({ url: "redis://127.0.0.1:6379" });
    await redis.connect();
    try {
      const http = httpClient(app.url);
      const token = await app.adminToken();
      const recorder = recordEvents(await connectedAdmin(app.url, token));
      const { user } = await registeredUser(http);
      const old = await changeEverything(http, token, user);
      await recorder.waitFor(2);
      const stream = async () => JSON.stringify(await redis.xRange(`${prefix}:socket.io`, "-", "+"));
      expect(await stream()).toContain(user.email); // kept while a recovering client may need it

      await sleep(WINDOW_MS + 1_500);
      const everything = [
        await stream(),
        JSON.stringify(await pgRows(database.url, "select * from user_events")),
        JSON.stringify(await pgRows(database.url, "select * from accounts")),
        JSON.stringify(await pgRows(database.url, "select * from audit_log")),
      ].join("\n");
      for (const value of old) expect(everything).not.toContain(value);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(keys);
      await redis.close();
    }
  });

  it("should be gone from the embedded store once the recovery window has passed", async () => {
    app = await startApp({ env: { TEST_RECOVERY_WINDOW_MS: String(WINDOW_MS) } });
    const http = httpClient(app.url);
    const token = await app.adminToken();
    const recorder = recordEvents(await connectedAdmin(app.url, token));
    const { user } = await registeredUser(http);
    const old = await changeEverything(http, token, user);
    await recorder.waitFor(2);
    await sleep(WINDOW_MS + 1_500);
    await app.stop();

    const store = await openStoppedStore(app.dataDir);
    try {
      const dump = JSON.stringify([
        (await store.query("select * from user_events")).rows,
        (await store.query("select * from accounts")).rows,
        (await store.query("select * from audit_log")).rows,
      ]);
      for (const value of old) expect(dump).not.toContain(value);
    } finally {
      await store.close();
    }
  });

  it("should replay a users.updated missed while the transport was down, with recovered === true", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const token = await app.adminToken();
    const socket = await connectedAdmin(app.url, token, { reconnection: true, reconnectionDelay: 1_500, reconnectionDelayMax: 1_500 });
    const recorder = recordEvents(socket);
    const { user } = await registeredUser(http);
    await recorder.waitFor(1);

    const reconnected = new Promise<void>((resolve) => socket.io.once("reconnect", () => resolve()));
    socket.io.engine.close();
    const answer = await http.request("PATCH", `/api/v1/users/${user.id}`, { token, body: { fullName: "Changed Meanwhile" } });
    await reconnected;
    await recorder.waitFor(2);
    expect(socket.recovered).toBe(true);
    expect(recorder.events[1]).toEqual({ name: "users.updated", payload: answer.body });
  });
});
