import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Test, type TestingModule } from "@nestjs/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { coreModules } from "../../src/app.module";
import { AccountsRepository } from "../../src/auth/accounts.repository";
import { AuthService } from "../../src/auth/auth.service";
import type { Principal } from "../../src/auth/principal";
import { ConflictError, NotFoundError, ValidationError } from "../../src/common/app-errors";
import { loadConfig } from "../../src/config/config";
import { type DatabaseHandle, openDatabase } from "../../src/database/database";
import { MetricsModule } from "../../src/metrics/metrics.module";
import { MetricsService } from "../../src/metrics/metrics.service";
import { RealtimeModule } from "../../src/realtime/realtime.module";
import { REDIS, type RedisHandle } from "../../src/realtime/redis";
import { OutboxRelay } from "../../src/users/events/outbox-relay";
import { OutboxRepository } from "../../src/users/events/outbox.repository";
import { type RelayedEvent, USERS_BROADCASTER, type UsersBroadcaster } from "../../src/users/events/users-broadcaster";
import { RegisterUserPipe } from "../../src/users/register-user.pipe";
import { UsersModule } from "../../src/users/users.module";
import { UsersService } from "../../src/users/users.service";

// The middle tier: the real service, repository, outbox and relay on a real embedded store, in
// this process; only the sockets are replaced, by a broadcaster that records what it is handed.

class RecordingBroadcaster implements UsersBroadcaster {
  published: RelayedEvent[] = [];
  local: RelayedEvent[] = [];
  /** While set, `publish` waits for it: a slow fan-out. */
  gate?: Promise<void>;
  /** While set, the first publication of each event fails (a hand-off that fails). */
  failFirst = false;
  private readonly failed = new Set<number>();
  async publish(event: RelayedEvent): Promise<void> {
    if (this.failFirst && !this.failed.has(event.id)) {
      this.failed.add(event.id);
      throw new Error("publication refused");
    }
    await this.gate;
    this.published.push(event);
  }
  deliverLocally(event: RelayedEvent): void {
    this.local.push(event);
  }
  async settled(): Promise<void> {}
}

let admin: Principal;
let serial = 0;
const registration = () => {
  serial += 1;
  return {
    fullName: `Test User ${serial}`,
    countryCode: "LU",
    phone: `691 ${String(100_000 + serial)
      .slice(-6)
      .replace(/(\d{3})(\d{3})/, "$1 $2")}`,
    email: `user${serial}@example.com`,
    password: "correct-horse-1",
  };
};

describe("UsersService, the outbox and the relay (in process, embedded store)", () => {
  let dataDir: string;
  let database: DatabaseHandle;
  let app: TestingModule;
  let service: UsersService;
  let pipe: RegisterUserPipe;
  const broadcaster = new RecordingBroadcaster();
  let redisReady = true;
  // Stands in for the node's Redis connection: the relay only asks whether it is ready.
  const redis = { isReady: () => redisReady } as Pick<RedisHandle, "isReady">;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "moien-medium-"));
    // Limits off: this tier is about the event path; the e2e suites test the limits with Redis.
    const env = { NODE_ENV: "test", DATA_DIR: dataDir, LOG_LEVEL: "silent", RATE_LIMIT_REGISTER: "0", RATE_LIMIT_LOGIN: "0" };
    const config = loadConfig(env);
    database = await openDatabase(config);
    app = await Test.createTestingModule({
      imports: [...coreModules({ config, database, jwtSecret: "x".repeat(32) }), MetricsModule, RealtimeModule.forRoot(null), UsersModule],
    })
      .overrideProvider(USERS_BROADCASTER)
      .useValue(broadcaster)
      .overrideProvider(REDIS)
      .useValue(redis)
      .compile();
    await app.init(); // no HTTP, no socket server; the relay starts on the bootstrap hook
    service = app.get(UsersService);
    // A real admin account: the audit entry of a deletion names it.
    await app.get(AuthService).upsertOperator({ email: "medium-admin@moien.test", role: "admin", password: "admin-password-1" }, "command");
    const account = await app.get(AccountsRepository).findCredentialsByEmail("medium-admin@moien.test");
    admin = { id: account?.id ?? "", role: "admin", tokenVersion: 0, expiresAtMs: Date.now() + 3_600_000 };
    pipe = app.get(RegisterUserPipe);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    broadcaster.published = [];
    broadcaster.local = [];
    broadcaster.gate = undefined;
    broadcaster.failFirst = false;
    redisReady = true;
  });

  const register = () => service.register(pipe.transform(registration()));

  it("should hand the relay one users.created equal to the returned user when a registration commits", async () => {
    const user = await register();
    await expect.poll(() => broadcaster.published).toEqual([{ id: expect.any(Number), name: "users.created", payload: user }]);
  });

  it("should record and broadcast nothing when a registration conflicts", async () => {
    const body = registration();
    await service.register(pipe.transform(body));
    await expect.poll(() => broadcaster.published.length).toBe(1);
    await expect(service.register(pipe.transform({ ...body, phone: "691 999 998" }))).rejects.toBeInstanceOf(ConflictError);
    await new Promise((resolve) => setTimeout(resolve, 700)); // longer than a relay poll
    expect(broadcaster.published).toHaveLength(1);
  });

  it("should broadcast users.deleted once, and nothing for an id that is already gone", async () => {
    const user = await register();
    await service.deleteUserOrThrow(admin, user.id);
    await expect(service.deleteUserOrThrow(admin, user.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect.poll(() => broadcaster.published.map((e) => e.name)).toEqual(["users.created", "users.deleted"]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(broadcaster.published).toHaveLength(2);
  });

  it("should answer a write once its event is handed off, and keep commit order behind a slow hand-off", async () => {
    let open = (): void => undefined;
    broadcaster.gate = new Promise<void>((resolve) => (open = resolve));
    setTimeout(() => open(), 300);
    const started = performance.now();
    const first = await register();
    // The writer waited for its hand-off (the cluster's order: a client acting on the answer comes after it).
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(broadcaster.published.map((e) => (e.payload as { id: string }).id)).toContain(first.id);
    const rest = [await register(), await register()];
    await expect
      .poll(() => broadcaster.published.map((e) => (e.payload as { id: string }).id))
      .toEqual([first.id, ...rest.map((u) => u.id)]);
  });

  it("should publish a handed-off event once when a pass runs before the hand-off is marked", async () => {
    let open = (): void => undefined;
    broadcaster.gate = new Promise<void>((resolve) => (open = resolve));
    const written = register();
    // The row is committed and unpublished while its hand-off waits at the gate: passes run meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    app.get(OutboxRelay).nudge();
    await new Promise((resolve) => setTimeout(resolve, 700)); // and at least one more by the timer
    open();
    const user = await written;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(broadcaster.published).toEqual([{ id: expect.any(Number), name: "users.created", payload: user }]);
  });

  it("should hand a commit's events to the broadcaster at once, without waiting for a pass", async () => {
    const handOffs = async () =>
      (await app.get(MetricsService).handOffDuration.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value ?? 0;
    const before = await handOffs();
    const user = await register();
    await expect.poll(() => broadcaster.published).toEqual([{ id: expect.any(Number), name: "users.created", payload: user }]);
    // Through the hand-off (its histogram counted it), not a pass reading the row back.
    expect(await handOffs()).toBe(before + 1);
    await expect.poll(() => app.get(OutboxRepository).oldestPendingAgeSeconds()).toBe(0); // marked published
  });

  it("should deliver through the relay's pass, once, an event whose hand-off failed", async () => {
    broadcaster.failFirst = true;
    const users = [await register(), await register()];
    // The pass reads the rows back: the payload PostgreSQL built equals the answer, key for key.
    await expect.poll(() => broadcaster.published.map((e) => e.payload), { timeout: 3_000 }).toEqual(users);
    await new Promise((resolve) => setTimeout(resolve, 700)); // longer than a relay poll
    expect(broadcaster.published).toHaveLength(2);
  });

  it("should deliver to its own sockets while Redis is away, and publish to the cluster once it is back", async () => {
    redisReady = false;
    const user = await register();
    await expect.poll(() => broadcaster.local).toEqual([{ id: expect.any(Number), name: "users.created", payload: user }]);
    expect(broadcaster.published).toEqual([]);
    expect(await app.get(OutboxRepository).oldestPendingAgeSeconds()).toBeGreaterThanOrEqual(0);
    redisReady = true;
    app.get(OutboxRelay).nudge();
    // The same outbox id both ways: what lets each node drop the repeat (realtime/once-per-event.ts).
    await expect.poll(() => broadcaster.published).toEqual(broadcaster.local);
    // Delivered locally once: the local cursor does not resend what it already sent.
    expect(broadcaster.local).toHaveLength(1);
  });

  it("should name every invalid field at once and store E.164 when the registration pipe checks a body", () => {
    expect(pipe.transform({ ...registration(), phone: "+352 691 234 567" }).phone).toBe("+352691234567");
    const error = (() => {
      try {
        pipe.transform({ fullName: "x", countryCode: "LU", phone: "12", email: "nope", password: "short" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors?.map((e) => e.field).sort()).toEqual(["email", "fullName", "password", "phone"]);
  });
});
