import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Namespace } from "socket.io";
import { SessionAwareAdapter } from "socket.io-adapter";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOncePerEvent } from "./once-per-event";
import { withSlicedBroadcast } from "./sliced-broadcast";

const REMEMBERED = 3;

describe("withOncePerEvent", () => {
  let http: HttpServer;
  let io: Server;
  let nsp: Namespace;
  const clients: ClientSocket[] = [];
  const received = new Map<ClientSocket, string[]>();

  beforeAll(async () => {
    http = createServer();
    io = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
    // Composed as the server composes it: slicing outside, once-per-event inside.
    io.adapter(function (namespace: Namespace) {
      return withSlicedBroadcast(withOncePerEvent(new SessionAwareAdapter(namespace), REMEMBERED));
    });
    nsp = io.of("/users");
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    await Promise.all(
      Array.from({ length: 3 }, () => {
        const client = connect(`${url}/users`, { transports: ["websocket"], forceNew: true });
        clients.push(client);
        received.set(client, []);
        client.on("users.created", (payload: { n: string }) => received.get(client)?.push(payload.n));
        return new Promise<void>((resolve) => client.once("connect", () => resolve()));
      }),
    );
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await io.close();
  });

  const broadcast = (n: string, eventId?: number, local = false) =>
    nsp.adapter.broadcast(
      { type: 2, data: ["users.created", { n }], nsp: "/users" },
      { rooms: new Set(), except: new Set(), flags: { sliced: true, local, ...(eventId === undefined ? {} : { eventId }) } },
    );

  const settle = async (expected: string[]) => {
    await expect.poll(() => [...received.values()].every((events) => events.length >= expected.length)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a repeat would have arrived by now
    for (const events of received.values()) expect(events).toEqual(expected);
    for (const events of received.values()) events.length = 0;
  };

  it("should hand an event published twice to each socket once, whichever way each copy comes", async () => {
    broadcast("one", 1, true); // delivered by the node itself while Redis is away…
    broadcast("one again", 1); // …and published again once it is back
    broadcast("two", 2);
    await settle(["one", "two"]);
  });

  it("should deliver every broadcast that carries no event id", async () => {
    broadcast("plain");
    broadcast("plain");
    await settle(["plain", "plain"]);
  });

  it("should forget the oldest ids first, past the number it remembers", async () => {
    for (const id of [10, 11, 12, 13]) broadcast(`e${id}`, id);
    broadcast("e10 again", 10); // forgotten: 4 ids since, 3 remembered
    broadcast("e13 again", 13); // still remembered
    await settle(["e10", "e11", "e12", "e13", "e10 again"]);
  });
});
