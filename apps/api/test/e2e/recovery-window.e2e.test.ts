import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { httpClient, registeredUser } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { closeAllSockets, connectedAdmin, recordEvents, sleep } from "../support/sockets";

// Contract, "Erasure": within the recovery window at most, no copy of a user remains. The bound itself:
// each Redis stream entry and each published outbox row is gone by the time it is as old as the window
// (and kept long enough for a recovering client: at least the window minus one expiry interval).
const WINDOW_MS = 3_000;
const INTERVAL_MS = 750; // expiryIntervalMs(3000)
const SAMPLE_MS = 40;

describe("what outlives the recovery window", () => {
  let app: AppProcess;
  let database: TestDatabase;
  afterAll(async () => {
    closeAllSockets();
    await disposeApp(app);
    await database?.drop();
  });

  it("should remove every stream entry and published outbox row at an age of at most the window", async () => {
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
    const pg = new Client({ connectionString: database.url });
    await Promise.all([redis.connect(), pg.connect()]);
    try {
      const http = httpClient(app.url);
      const recorder = recordEvents(await connectedAdmin(app.url, await app.adminToken()));
      for (let i = 0; i < 4; i++) {
        await registeredUser(http);
        await sleep(300);
      }
      await recorder.waitFor(4);

      // id → [born (ms), last seen (ms)]; an entry not seen in a sample after its last sighting is gone.
      const stream = new Map<string, [number, number]>();
      const outbox = new Map<string, [number, number]>();
      const removedAt = new Map<string, number>();
      const deadline = Date.now() + WINDOW_MS + 2_500;
      while (Date.now() < deadline) {
        const now = Date.now();
        const entries = await redis.xRange(`${prefix}:socket.io`, "-", "+");
        const rows = (await pg.query<{ id: string; published_at: Date | null }>("select id, published_at from user_events")).rows;
        const seen = new Set<string>();
        for (const { id } of entries) {
          seen.add(`s${id}`);
          stream.set(`s${id}`, [Number(id.split("-")[0]), now]);
        }
        for (const row of rows) {
          if (!row.published_at) continue;
          seen.add(`o${row.id}`);
          outbox.set(`o${row.id}`, [row.published_at.getTime(), now]);
        }
        for (const key of [...stream.keys(), ...outbox.keys()]) if (!seen.has(key) && !removedAt.has(key)) removedAt.set(key, now);
        await sleep(SAMPLE_MS);
      }

      const ages = (entries: Map<string, [number, number]>) =>
        [...entries].map(([key, [born, lastSeen]]) => ({
          key,
          lastSeenAge: lastSeen - born,
          goneAge: (removedAt.get(key) ?? Infinity) - born,
        }));
      const all = [...ages(stream), ...ages(outbox)];
      expect(ages(stream).length).toBeGreaterThanOrEqual(4);
      expect(ages(outbox).length).toBeGreaterThanOrEqual(4);
      for (const { key, lastSeenAge, goneAge } of all) {
        // Never seen older than the window (a sample's own duration is the only slack).
        expect(lastSeenAge, key).toBeLessThanOrEqual(WINDOW_MS + 60);
        expect(goneAge, key).toBeLessThan(Infinity);
        // Kept for recovery: at least the window minus one interval.
        expect(lastSeenAge, key).toBeGreaterThanOrEqual(WINDOW_MS - INTERVAL_MS - 2 * SAMPLE_MS - 300);
      }
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(keys);
      await Promise.all([redis.close(), pg.end()]);
    }
  }, 30_000);
});
