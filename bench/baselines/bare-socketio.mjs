// The floor for the gateway: Socket.IO 4.8 alone — no Nest, no database, no token check beyond
// "there is one", no connection-state recovery — broadcasting the same payloads on /users.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { handleHttp } from "./payload.mjs";

const http = createServer();
const io = new Server(http, { serveClient: false, perMessageDeflate: false, transports: ["websocket", "polling"] });
const users = io.of("/users");
users.use((socket, next) => (typeof socket.handshake.auth?.token === "string" ? next() : next(new Error("unauthorized"))));
http.on("request", (request, response) => {
  // Engine.IO answers its own /socket.io/ requests on this server.
  if (request.url?.startsWith("/socket.io/")) return;
  handleHttp(request, response, (event, payload) => users.emit(event, payload));
});
http.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
