import { connect, type Socket } from "node:net";
import { ProblemSchema } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { useAppOn } from "../support/backends";
import { closeAllSockets, connectedAdmin } from "../support/sockets";

const HEADERS_S = 2;
const REQUEST_S = 3;
const PER_ADDRESS = 5;
// Node checks the bounds every second (connectionsCheckingInterval): an answer may come that much later.
const SLACK_MS = 1_500;

type Answer = { status: number; headers: Headers; text: string; closedAfterMs: number };

/** A raw TCP client from `localAddress`: writes what it is given, when it is told, and records the answer. */
function rawClient(port: number, localAddress = "127.0.0.1") {
  const socket: Socket = connect({ port, host: "127.0.0.1", localAddress });
  const opened = Date.now();
  const chunks: Buffer[] = [];
  socket.on("data", (chunk) => chunks.push(chunk));
  socket.on("error", () => undefined); // a reset after the answer: what arrived still counts
  const answer = new Promise<Answer>((resolve) =>
    socket.on("close", () => {
      const [head = "", text = ""] = Buffer.concat(chunks).toString("utf8").split("\r\n\r\n", 2) as [string?, string?];
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = new Headers(
        lines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()] as [string, string]),
      );
      resolve({ status: Number(statusLine.split(" ")[1]), headers, text, closedAfterMs: Date.now() - opened });
    }),
  );
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, answer, connected };
}

function expectProblemAnswer(answer: Answer, status: number) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  return ProblemSchema.parse(JSON.parse(answer.text));
}

describe("slow and greedy clients", () => {
  const ctx = useAppOn("embedded", {
    env: {
      HTTP_HEADERS_TIMEOUT: `${HEADERS_S}s`,
      HTTP_REQUEST_TIMEOUT: `${REQUEST_S}s`,
      HTTP_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
    },
  });
  const port = () => Number(new URL(ctx.app.url).port);

  it("should answer 408 and close when a body announced by Content-Length never comes", async () => {
    const client = rawClient(port());
    await client.connected;
    client.socket.write(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );

    const answer = await client.answer;
    expect(expectProblemAnswer(answer, 408).type).toMatch(/request-timeout$/);
    expect(answer.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_S * 1000 - 100);
    expect(answer.closedAfterMs).toBeLessThan(REQUEST_S * 1000 + SLACK_MS);
  });

  it("should cut headers that trickle in a byte at a time when the headers' time is up", async () => {
    const client = rawClient(port());
    await client.connected;
    client.socket.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n");
    const trickle = setInterval(() => client.socket.writable && client.socket.write("X"), 300);

    const answer = await client.answer;
    clearInterval(trickle);
    expectProblemAnswer(answer, 408);
    expect(answer.closedAfterMs).toBeLessThan(HEADERS_S * 1000 + SLACK_MS);
  });

  it("should refuse one more connection than an address may hold, while another address still connects", async () => {
    const held = Array.from({ length: PER_ADDRESS }, () => rawClient(port(), "127.0.0.2"));
    await Promise.all(held.map((client) => client.connected));
    const metric = async () =>
      Number(/^http_connections_refused_total (\d+)/m.exec((await ctx.http.request("GET", "/metrics")).text)?.[1] ?? NaN);
    const before = await metric();

    const extra = rawClient(port(), "127.0.0.2");
    await extra.connected;
    extra.socket.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const refused = await extra.answer;
    expect(expectProblemAnswer(refused, 429).type).toMatch(/too-many-connections$/);
    expect(await metric()).toBe(before + 1);

    const other = rawClient(port(), "127.0.0.3");
    await other.connected;
    other.socket.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect((await other.answer).status).toBe(200);

    // A place given back is a place again (once the server has seen the close).
    held[0]!.socket.destroy();
    await held[0]!.answer;
    await expect
      .poll(async () => {
        const again = rawClient(port(), "127.0.0.2");
        await again.connected;
        again.socket.write("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        return (await again.answer).status;
      })
      .toBe(200);
    for (const client of held) client.socket.destroy();
  });

  it("should leave a websocket open for longer than the request's time: the bound is on receiving a request", async () => {
    const socket = await connectedAdmin(ctx.app.url, ctx.adminToken);
    await new Promise((resolve) => setTimeout(resolve, REQUEST_S * 1000 + SLACK_MS));
    expect(socket.connected).toBe(true);
    closeAllSockets();
  });
});
