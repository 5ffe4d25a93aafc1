import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { registeredUser, httpClient } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { closeAllSockets, connectedAdmin, recordEvents, sleep } from "../support/sockets";
import { openStoppedStore } from "../support/pglite";

// Contract, "Erasure": within the 2-minute recovery window at most, nothing of an erased user remains.
// The window is shortened for the test (TEST_RECOVERY_WINDOW_MS, honoured only with NODE_ENV=test).
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

async function pgQuery<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("erasure", () => {
  it("should leave nothing of the user in PostgreSQL or Redis once the recovery window has passed", async () => {
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
      const adminToken = await app.adminToken();
      const adminId = (JSON.parse(Buffer.from(adminToken.split(".")[1]!, "base64url").toString()) as { sub: string }).sub;
      const socket = await connectedAdmin(app.url, adminToken);
      const recorder = recordEvents(socket);
      const { user, token, registration } = await registeredUser(http);
      await recorder.waitFor(1);
      await sleep(700); // published and marked so
      const stream = async () => JSON.stringify(await redis.xRange(`${prefix}:socket.io`, "-", "+"));
      expect(await stream()).toContain(registration.email); // the packet is there while it may be needed

      expect((await http.request("DELETE", `/api/v1/users/${user.id}`, { token })).status).toBe(204);
      // At once, in PostgreSQL: neither the account nor its earlier users.created payload.
      const like = `%${registration.email}%`;
      expect(await pgQuery(database.url, "select id from accounts where email = $1", [registration.email])).toEqual([]);
      expect(await pgQuery(database.url, "select id from user_events where payload::text like $1", [like])).toEqual([]);

      // Recovery sessions in Redis hold no socket data (the principal is rebuilt at the handshake).
      socket.disconnect();
      await sleep(300);
      const sessionKeys = await redis.keys(`${prefix}:socket.io:session:*`);
      expect(sessionKeys.length).toBeGreaterThan(0);
      for (const key of sessionKeys) {
        const session = (await redis.get(key)) ?? "";
        expect(session).not.toContain(adminId);
        expect(session).not.toContain("principal");
      }

      // After the window: no packet of the user in the stream, no published row in the outbox.
      await sleep(WINDOW_MS + 1_500);
      expect(await stream()).not.toContain(registration.email);
      expect(await stream()).not.toContain(user.id);
      expect(await pgQuery(database.url, "select id, name from user_events")).toEqual([]);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(keys);
      await redis.close();
    }
  });

  it("should leave nothing of the user in the embedded store", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const adminToken = await app.adminToken();
    const recorder = recordEvents(await connectedAdmin(app.url, adminToken));
    const { user, registration } = await registeredUser(http);
    await recorder.waitFor(1);
    await sleep(700); // published and marked so
    expect((await http.request("DELETE", `/api/v1/users/${user.id}`, { token: adminToken })).status).toBe(204);
    await recorder.waitFor(2);
    await app.stop();

    const store = await openStoppedStore(app.dataDir);
    try {
      const like = `%${registration.email}%`;
      expect((await store.query("select id from accounts where email = $1", [registration.email])).rows).toEqual([]);
      expect((await store.query("select id from user_events where payload::text like $1", [like])).rows).toEqual([]);
      expect((await store.query("select name from user_events")).rows).toEqual([{ name: "users.deleted" }]);
    } finally {
      await store.close();
    }
  });
});
