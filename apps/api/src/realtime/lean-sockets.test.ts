import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket as TcpSocket } from "node:net";
import { Server, type Socket } from "socket.io";
import { io as connect, Manager, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetHandshake } from "./lean-sockets";

const closeListenerSources = (tcp: TcpSocket): string[] =>
  tcp.rawListeners("close").map((wrapper) => {
    const listener = (wrapper as { listener?: unknown }).listener ?? wrapper;
    return typeof listener === "function" ? listener.toString() : "";
  });

describe("forgetHandshake", () => {
  let http: HttpServer;
  let io: Server;
  let url: string;
  const seen: { before: string[]; after: string[]; socket: Socket }[] = [];
  const audit: Socket[] = [];

  beforeAll(async () => {
    http = createServer();
    io = new Server(http);
    io.of("/users").on("connection", (socket) => {
      const tcp = socket.conn.request.socket;
      const before = closeListenerSources(tcp);
      forgetHandshake(socket);
      seen.push({ before, after: closeListenerSources(tcp), socket });
    });
    io.of("/audit").on("connection", (socket) => {
      forgetHandshake(socket);
      audit.push(socket);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/users`;
  });

  afterAll(async () => {
    await io.close();
  });

  it("should drop the request, the headers and the token, and release Engine.IO's hold on the request, once a socket is admitted", async () => {
    const client: ClientSocket = connect(url, { transports: ["websocket"], auth: { token: "secret" }, forceNew: true });
    await expect.poll(() => seen.length).toBe(1);
    const [{ before, after, socket }] = seen as [(typeof seen)[number]];
    // If this fails, Engine.IO changed its upgrade response: look again at what holds the request.
    expect(before).toContain('() => this.emit("close")');
    expect(after).not.toContain('() => this.emit("close")');
    expect(socket.conn.request).toBeNull();
    expect(socket.handshake.auth).toEqual({});
    expect(socket.handshake.headers).toEqual({});
    // The socket still works both ways: an event reaches the client, and its leaving is seen.
    const received = new Promise((resolve) => client.once("users.created", resolve));
    socket.emit("users.created", { id: "x" });
    await expect(received).resolves.toEqual({ id: "x" });
    const gone = new Promise((resolve) => socket.once("disconnect", resolve));
    client.disconnect();
    await expect(gone).resolves.toBe("client namespace disconnect");
  });

  it("should forget the handshake of a second namespace on the same connection, whose request is gone already", async () => {
    // Multiplexed namespaces share one Engine.IO connection (this threw, and took the whole node down).
    const manager = new Manager(url.replace(/\/users$/, ""), { transports: ["websocket"], forceNew: true });
    const users = manager.socket("/users", { auth: { token: "secret" } });
    await new Promise<void>((resolve) => users.once("connect", () => resolve()));
    const second = manager.socket("/audit", { auth: { token: "secret" } });
    await new Promise<void>((resolve) => second.once("connect", () => resolve()));
    await expect.poll(() => audit.length).toBe(1);
    expect(audit[0]!.handshake.auth).toEqual({});
    expect(audit[0]!.conn).toBe(seen.at(-1)!.socket.conn);
    manager.engine.close();
  });
});
