// The floor below Socket.IO: a plain `ws` server broadcasting JSON [event, payload] to every client;
// the frame is serialized once and the same string written to each socket.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { handleHttp } from "./payload.mjs";

const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 4 * 1024 });
http.on("request", (request, response) =>
  handleHttp(request, response, (event, payload) => {
    const frame = JSON.stringify([event, payload]);
    for (const client of wss.clients) client.send(frame);
  }),
);
http.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
