import { once } from "node:events";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useAppOn } from "../support/backends";
import { registeredUser } from "../support/factories";
import { closeAllSockets } from "../support/sockets";

/** A raw Engine.IO v4 websocket: what a hostile client writes, frame by frame, without socket.io-client. */
async function rawConnection(url: string, localAddress = "127.0.0.1") {
  const ws = new WebSocket(`${url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`, { localAddress });
  const frames: string[] = [];
  ws.on("message", (data: Buffer) => {
    const frame = data.toString("utf8");
    if (frame === "2") ws.send("3"); // answer Engine.IO's ping
    frames.push(frame);
  });
  const closed = once(ws, "close").then(() => Date.now());
  await once(ws, "open");
  await expect.poll(() => frames[0]?.startsWith("0{")).toBe(true); // Engine.IO open
  return { ws, frames, closed };
}

const connectPacket = (namespace: string, token?: string) => `40${namespace},${token ? JSON.stringify({ token }) : ""}`;

describe("every namespace connect is admitted in one place", () => {
  // Three handshakes or further namespace connects a minute per address: each test uses its own address.
  const ctx = useAppOn("embedded", { env: { SOCKET_CONNECT_LIMIT: "3" } });
  afterEach(() => closeAllSockets());

  it("should close the connection, and check at most the limit's tokens, when a client sends many connects on one connection", async () => {
    const { token } = await registeredUser(ctx.http);
    const { ws, frames, closed } = await rawConnection(ctx.app.url, "127.0.0.1");
    for (let i = 0; i < 200; i++) ws.send(connectPacket("/users", token));

    await closed;
    const answers = frames.filter((frame) => frame.startsWith("4"));
    // Never admitted; the first 3 connects reached the token check (forbidden: a user's token), the
    // rest were refused without one; the connection closed instead of answering all 200.
    expect(answers.filter((frame) => frame.startsWith("40"))).toEqual([]);
    expect(answers.filter((frame) => frame === '44/users,{"message":"forbidden"}').length).toBeLessThanOrEqual(3);
    expect(answers.every((frame) => /^44\/users,\{"message":"(forbidden|too_many_connections)"\}$/.test(frame))).toBe(true);
    expect(answers.length).toBeLessThan(200);
  });

  it("should refuse the default namespace to anyone, admin included, and close the connection", async () => {
    const refused = io(ctx.app.url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      auth: { token: ctx.adminToken },
      localAddress: "127.0.0.2",
    } as Parameters<typeof io>[1]);
    const error = await new Promise<Error>((resolve) => refused.once("connect_error", resolve));
    expect(error.message).toBe("forbidden");
    expect(refused.connected).toBe(false);
    refused.close();

    const { ws, frames, closed } = await rawConnection(ctx.app.url, "127.0.0.2");
    ws.send(connectPacket("/", ctx.adminToken));
    await closed;
    expect(frames.filter((frame) => frame.startsWith("4"))).toEqual(['44{"message":"forbidden"}']);
  });

  it("should count every namespace connect beyond a connection's first against SOCKET_CONNECT_LIMIT", async () => {
    const first = await rawConnection(ctx.app.url, "127.0.0.3");
    const second = await rawConnection(ctx.app.url, "127.0.0.3");
    const { ws, frames, closed } = await rawConnection(ctx.app.url, "127.0.0.3"); // the address's 3rd handshake
    ws.send(connectPacket("/users", ctx.adminToken));
    await expect.poll(() => frames.some((frame) => frame.startsWith('40/users,{"sid"'))).toBe(true);
    // The first connect came with the handshake; this second one would be the address's 4th.
    ws.send(connectPacket("/audit", ctx.adminToken));
    await closed;
    expect(frames.filter((frame) => frame.startsWith("4") && frame.includes("/audit"))).toEqual([
      '44/audit,{"message":"too_many_connections"}',
    ]);
    first.ws.close();
    second.ws.close();
  });
});

describe("namespace connects within the limit", () => {
  const ctx = useAppOn("embedded", { env: { SOCKET_CONNECT_LIMIT: "10" } });

  it("should admit a second namespace on one connection when the address has connects left", async () => {
    const { ws, frames } = await rawConnection(ctx.app.url);
    ws.send(connectPacket("/users", ctx.adminToken));
    ws.send(connectPacket("/audit", ctx.adminToken));
    await expect.poll(() => frames.filter((frame) => /^40\/(users|audit),\{"sid"/.test(frame)).length).toBe(2);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
