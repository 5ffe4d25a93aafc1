import { createServer, get, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Server, type Namespace } from "socket.io";
import { SessionAwareAdapter } from "socket.io-adapter";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSlicedBroadcast } from "./sliced-broadcast";

const SOCKETS = 1_000;
const SLICE = 100;
const MAX_QUEUED_WRITES = 3 * SOCKETS;

describe("withSlicedBroadcast", () => {
  let http: HttpServer;
  let io: Server;
  let nsp: Namespace;
  let url: string;
  const clients: ClientSocket[] = [];
  const received = new Map<ClientSocket, string[]>();
  let written = 0;

  beforeAll(async () => {
    http = createServer((_req, res) => res.end(String(written)));
    io = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
    io.adapter(function (namespace: Namespace) {
      return withSlicedBroadcast(new SessionAwareAdapter(namespace), { sliceSize: SLICE, maxQueuedWrites: MAX_QUEUED_WRITES });
    });
    nsp = io.of("/users");
    nsp.on("connection", (socket) => socket.conn.on("packetCreate", (p: { type: string }) => void (p.type === "message" && written++)));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    await Promise.all(
      Array.from({ length: SOCKETS }, () => {
        const client = connect(`${url}/users`, { transports: ["websocket"], forceNew: true });
        clients.push(client);
        received.set(client, []);
        client.on("users.created", (payload: { n: string }) => received.get(client)?.push(payload.n));
        return new Promise<void>((resolve) => client.once("connect", () => resolve()));
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await io.close();
  });

  const broadcast = (n: string, sliced: boolean) =>
    nsp.adapter.broadcast(
      { type: 2, data: ["users.created", { n }], nsp: "/users" },
      { rooms: new Set(), except: new Set(), flags: { sliced } },
    );

  it("should write one slice at once and let an HTTP request in before the fan-out ends, when a broadcast is sliced", async () => {
    written = 0;
    broadcast("a", true);
    broadcast("b", true);
    expect(written).toBe(SLICE);
    // A request sent now is answered between two slices, long before 2 × 1,000 writes are done: each
    // turn of the event loop writes one slice and moves the request one step (accept, read, answer;
    // 5 slices here), so a request waits one slice per step, however large the fan-out.
    const seenByRequest = await new Promise<number>((resolve) =>
      get(url, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve(Number(body)));
      }),
    );
    expect(seenByRequest).toBeLessThanOrEqual(10 * SLICE);
    await expect.poll(() => [...received.values()].every((events) => events.length === 2), { timeout: 20_000 }).toBe(true);
    // Every socket got each event once, in broadcast order.
    for (const events of received.values()) expect(events).toEqual(["a", "b"]);
  });

  it("should write everything waiting at once, in order, when more writes than it queues are waiting", async () => {
    await expect.poll(() => [...received.values()].every((events) => events.at(-1) === "b"), { timeout: 20_000 }).toBe(true);
    for (const events of received.values()) events.length = 0;
    written = 0;
    for (const n of ["q1", "q2", "q3", "q4", "q5"]) broadcast(n, true);
    // q1's first slice; q4 pushed the queue over 3 broadcasts' worth of writes, so all four went out;
    // q5 waits for the next turn.
    expect(written).toBe(4 * SOCKETS);
    await expect.poll(() => [...received.values()].every((events) => events.length === 5), { timeout: 20_000 }).toBe(true);
    for (const events of received.values()) expect(events).toEqual(["q1", "q2", "q3", "q4", "q5"]);
  });

  it("should send the broadcasts waiting for one socket in one system call, in order", async () => {
    await expect.poll(() => [...received.values()].every((events) => events.at(-1) === "q5"), { timeout: 20_000 }).toBe(true);
    for (const events of received.values()) events.length = 0;
    // The last socket waits longest in a pass: three broadcasts made at once reach it together.
    const last = [...nsp.sockets.values()].at(-1);
    const tcp = (last?.conn.transport as unknown as { socket: { _socket: Socket } }).socket._socket; // reason: the TCP socket under the WebSocket
    const calls: string[] = [];
    const { _write, _writev } = tcp as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
    Object.assign(tcp, {
      _write: (...args: unknown[]) => (calls.push("write"), _write.apply(tcp, args)),
      _writev: (...args: unknown[]) => (calls.push("writev"), _writev.apply(tcp, args)),
    });
    for (const n of ["x", "y", "z"]) broadcast(n, true);
    await expect.poll(() => [...received.values()].every((events) => events.length === 3), { timeout: 20_000 }).toBe(true);
    for (const events of received.values()) expect(events).toEqual(["x", "y", "z"]);
    expect(calls).toEqual(["writev"]);
  });

  it("should write to every socket at once when a broadcast is not sliced", async () => {
    written = 0;
    broadcast("c", false);
    expect(written).toBe(SOCKETS);
    await expect.poll(() => [...received.values()].every((events) => events.at(-1) === "c"), { timeout: 20_000 }).toBe(true);
  });

  it("should keep delivering later broadcasts to the others and cut the socket when writing to one socket throws", async () => {
    const [broken] = nsp.sockets.values();
    if (!broken) throw new Error("no socket connected");
    const client = broken.client as unknown as { writeToEngine: () => void }; // reason: a fault injected where the library writes
    client.writeToEngine = () => {
      throw new Error("write failed");
    };
    const brokenClient = clients.find((c) => c.id === broken.id);
    for (const events of received.values()) events.length = 0;
    broadcast("d", true);
    broadcast("e", true);
    await expect
      .poll(() => [...received].filter(([c]) => c !== brokenClient).every(([, e]) => e.length === 2), { timeout: 20_000 })
      .toBe(true);
    for (const [c, events] of received) if (c !== brokenClient) expect(events).toEqual(["d", "e"]);
    await expect.poll(() => broken.connected, { timeout: 5_000 }).toBe(false);
  });

  it("should cut a socket at once when one of several broadcasts waiting for it fails to be written", async () => {
    // The last socket waits longest: three broadcasts reach it together, and the second write throws.
    const broken = [...nsp.sockets.values()].at(-1);
    if (!broken) throw new Error("no socket connected");
    const client = broken.client as unknown as { writeToEngine: (...args: unknown[]) => void }; // reason: a fault injected where the library writes
    const write = client.writeToEngine.bind(client);
    let calls = 0;
    client.writeToEngine = (...args: unknown[]) => {
      if (++calls === 2) throw new Error("write failed");
      write(...args);
    };
    for (const n of ["f", "g", "h"]) broadcast(n, true);
    // Well before Engine.IO's ping timeout (45 s) would notice a connection left half-closed.
    await expect.poll(() => broken.connected, { timeout: 5_000 }).toBe(false);
    expect(calls).toBe(2);
  });

  it("should deliver broadcasts that wait together to a long-polling client too, in order", async () => {
    const polling = connect(`${url}/users`, { transports: ["polling"], forceNew: true });
    const events: string[] = [];
    polling.on("users.created", (payload: { n: string }) => events.push(payload.n));
    await new Promise<void>((resolve) => polling.once("connect", () => resolve()));
    try {
      for (const n of ["p1", "p2", "p3", "p4"]) broadcast(n, true);
      await expect.poll(() => events, { timeout: 20_000 }).toEqual(["p1", "p2", "p3", "p4"]);
    } finally {
      polling.disconnect();
    }
  });
});
