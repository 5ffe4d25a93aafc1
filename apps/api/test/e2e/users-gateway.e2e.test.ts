import { type PublicUser, PublicUserSchema, UserDeletedEventSchema } from "@moien/contracts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { BACKENDS, useAppOn } from "../support/backends";
import { aRegistration, httpClient, registeredUser, type Http } from "../support/factories";
import { devSecret, signToken } from "../support/tokens";
import { closeAllSockets, connectedAdmin, handshakeError, recordEvents, sleep, usersSocket } from "../support/sockets";

describe.each(BACKENDS)("/users events on %s storage", (backend) => {
  const ctx = useAppOn(backend);
  afterEach(closeAllSockets);

  it("should send one users.created equal to the response and one users.deleted to every admin socket, on both transports", async () => {
    const overWebSocket = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken, { transports: ["websocket"] }));
    const overPolling = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken, { transports: ["polling"] }));

    const created = await ctx.http.register(aRegistration());
    expect(created.status).toBe(201);
    const deleted = await ctx.http.request("DELETE", `/api/v1/users/${created.body.id}`, { token: ctx.adminToken });
    expect(deleted.status).toBe(204);

    for (const socket of [overWebSocket, overPolling]) {
      await socket.waitFor(2);
      await sleep(200); // anything extra would have arrived by now
      expect(socket.events.map((e) => e.name)).toEqual(["users.created", "users.deleted"]);
      expect(PublicUserSchema.parse(socket.of("users.created")[0])).toEqual(created.body);
      expect(UserDeletedEventSchema.parse(socket.of("users.deleted")[0])).toEqual({ id: created.body.id });
    }
  });

  it("should send nothing when an operation fails", async () => {
    const socket = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken));
    const taken = aRegistration();
    expect((await ctx.http.register(taken)).status).toBe(201);
    await socket.waitFor(1);

    expect((await ctx.http.register(aRegistration({ email: taken.email }))).status).toBe(409);
    expect((await ctx.http.register(aRegistration({ phone: "12" }))).status).toBe(400);
    expect((await ctx.http.request("DELETE", "/api/v1/users/00000000-0000-4000-8000-000000000000", { token: ctx.adminToken })).status).toBe(
      404,
    );
    const other = await registeredUser(ctx.http);
    await socket.waitFor(2);
    const { user } = await registeredUser(ctx.http);
    expect((await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token: other.token })).status).toBe(403);
    await sleep(300);
    expect(socket.events.map((e) => e.name)).toEqual(["users.created", "users.created", "users.created"]);
  });

  it("should deliver a burst of 40 concurrent registrations completely, once each", async () => {
    const sockets = [
      recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken)),
      recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken)),
    ];
    const responses = await Promise.all(Array.from({ length: 40 }, () => ctx.http.register(aRegistration())));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const ids = responses.map((r) => r.body.id).sort();
    const orders: string[][] = [];
    for (const socket of sockets) {
      await socket.waitFor(40);
      await sleep(200);
      const received = socket.of<PublicUser>("users.created").map((u) => u.id);
      expect(received).toHaveLength(40);
      expect([...received].sort()).toEqual(ids);
      orders.push(received);
    }
    // Concurrent commits have no order a client can know, but every socket sees the same one.
    expect(orders[1]).toEqual(orders[0]);
  });

  it("should deliver events in commit order: registrations sent one after another arrive in that order", async () => {
    const socket = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken));
    const sent: string[] = [];
    const created: string[] = [];
    for (let i = 0; i < 15; i++) {
      const response = await ctx.http.register(aRegistration());
      expect(response.status).toBe(201);
      created.push(response.body.id);
      sent.push(response.body.id); // committed before the next request is sent
      if (i % 5 === 4) {
        expect((await ctx.http.request("DELETE", `/api/v1/users/${created[i - 1]}`, { token: ctx.adminToken })).status).toBe(204);
        sent.push(`deleted:${created[i - 1]}`);
      }
    }
    await socket.waitFor(sent.length);
    await sleep(200);
    const received = socket.events.map((e) =>
      e.name === "users.deleted" ? `deleted:${(e.payload as { id: string }).id}` : (e.payload as PublicUser).id,
    );
    expect(received).toEqual(sent);
  });

  it("should ignore events that clients send, relaying nothing to other sockets", async () => {
    const sender = await connectedAdmin(ctx.app.url, ctx.adminToken);
    const senderEvents = recordEvents(sender);
    const other = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken));
    const emit = (sender as unknown as { emit(name: string, data: unknown): void }).emit.bind(sender);
    emit("users.created", { id: "fake" });
    emit("users.deleted", { id: "00000000-0000-4000-8000-000000000000" });
    await sleep(300);
    expect(sender.connected).toBe(true);
    expect(senderEvents.events).toEqual([]);
    expect(other.events).toEqual([]);
    // The other socket is listening: a real event reaches it, and only that one.
    const created = await ctx.http.register(aRegistration());
    await other.waitFor(1);
    await sleep(200);
    expect(other.events).toEqual([{ name: "users.created", payload: created.body }]);
  });
});

describe("/users handshake", () => {
  let app: AppProcess;
  let http: Http;

  beforeAll(async () => {
    app = await startApp({ env: { CORS_ORIGINS: "http://localhost:5173,https://admin.moien.example" } });
    http = httpClient(app.url);
  });
  afterEach(closeAllSockets);
  afterAll(() => disposeApp(app));

  it("should refuse with unauthorized when the token is missing, malformed or badly signed", async () => {
    expect(await handshakeError(usersSocket(app.url))).toBe("unauthorized");
    expect(await handshakeError(usersSocket(app.url, { auth: { token: "garbage" } }))).toBe("unauthorized");
    expect(await handshakeError(usersSocket(app.url, { auth: { token: 42 } }))).toBe("unauthorized");
    const token = await app.adminToken();
    const forged = token.slice(0, token.lastIndexOf(".") + 1) + "x".repeat(43);
    expect(await handshakeError(usersSocket(app.url, { auth: { token: forged } }))).toBe("unauthorized");
  });

  it("should refuse with unauthorized when the token has expired", async () => {
    const payload = JSON.parse(Buffer.from((await app.adminToken()).split(".")[1]!, "base64url").toString()) as Record<string, number>;
    const expired = signToken({ ...payload, iat: payload.iat! - 7200, exp: Math.floor(Date.now() / 1000) - 60 }, devSecret(app.dataDir));
    expect(await handshakeError(usersSocket(app.url, { auth: { token: expired } }))).toBe("unauthorized");
  });

  it("should refuse with forbidden when the token is a user's", async () => {
    const { token } = await registeredUser(http);
    expect(await handshakeError(usersSocket(app.url, { auth: { token } }))).toBe("forbidden");
    expect(await handshakeError(usersSocket(app.url, { extraHeaders: { authorization: `Bearer ${token}` } }))).toBe("forbidden");
  });

  it("should accept a bearer header when there is no auth payload (non-browser clients)", async () => {
    const socket = await connectedAdmin(app.url, "", { auth: {}, extraHeaders: { authorization: `Bearer ${await app.adminToken()}` } });
    expect(socket.connected).toBe(true);
  });

  it("should refuse a foreign Origin and accept allowed ones and the server's own, on both transports", async () => {
    const token = await app.adminToken();
    for (const transports of [["websocket"], ["polling"]]) {
      const foreign = usersSocket(app.url, { auth: { token }, transports, extraHeaders: { origin: "https://evil.example" } });
      await expect(handshakeError(foreign)).resolves.not.toMatch(/^(unauthorized|forbidden)$/);
      for (const origin of ["http://localhost:5173", "https://admin.moien.example", app.url]) {
        const socket = await connectedAdmin(app.url, token, { transports, extraHeaders: { origin } });
        expect(socket.connected, `${origin} over ${transports[0]}`).toBe(true);
      }
    }
  });
});

describe("/users session lifetime", () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    closeAllSockets();
    await disposeApp(app);
  });

  it("should disconnect the socket when its token expires", async () => {
    app = await startApp({ env: { JWT_TTL: "2s" } });
    const socket = await connectedAdmin(app.url, await app.adminToken());
    const reason = await new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect(reason).toBe("io server disconnect");
  });

  it("should replay, in order, the events missed while the transport was down, with recovered === true", async () => {
    app = await startApp();
    const http = httpClient(app.url);
    const socket = await connectedAdmin(app.url, await app.adminToken(), {
      reconnection: true,
      reconnectionDelay: 1_500,
      reconnectionDelayMax: 1_500,
    });
    const record = recordEvents(socket);
    // Recovery resumes from the last packet received, so there must be one first.
    await http.register(aRegistration());
    await record.waitFor(1);
    expect(socket.recovered).toBe(false);

    const reconnected = new Promise<void>((resolve) => socket.io.once("reconnect", () => resolve()));
    socket.io.engine.close();
    const missed: string[] = [];
    for (let i = 0; i < 3; i++) missed.push((await http.register(aRegistration())).body.id);
    await reconnected;
    await record.waitFor(4);
    expect(socket.recovered).toBe(true);
    expect(
      record
        .of<PublicUser>("users.created")
        .slice(1)
        .map((u) => u.id),
    ).toEqual(missed);
  });
});
