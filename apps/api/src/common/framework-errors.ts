import { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Logger } from "@nestjs/common";
import { PROBLEM_CONTENT_TYPE } from "@moien/contracts";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { requestIdOf } from "../logging/logging";
import { isRefusedConnection } from "./connection-limits";
import { clientProblem } from "./problem";
import { rawProblemResponse } from "./raw-problem";
import { sendProblem } from "./problem.filter";
import { SECURITY_HEADERS } from "./security-headers";

const logger = new Logger("HTTP");

/**
 * Errors fastify's router raises before any hook or handler runs (a malformed %-escape, a path
 * parameter over `maxParamLength`): no hook has added the request id or the security headers yet.
 */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS).header("X-Request-Id", request.id);
  sendProblem(reply, error, logger);
}

/**
 * Errors of Node's HTTP parser (headers over 16 KiB, bytes that are not HTTP, a request that never
 * finishes): there is no request object, so the answer is written on the socket, which is then closed.
 */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  if (socket.writable) socket.write(rawProblemResponse(status, status === 400 ? error.code : undefined));
  socket.destroy(error);
}

/**
 * What Node's server and the CORS plugin answer by themselves, answered here as problem documents with
 * the security headers, before Socket.IO or fastify see the request: an HTTP/1.1 request without Host
 * (Node: an empty 400; the server is created with `requireHostHeader: false` so that it reaches here), an
 * `Expect` other than 100-continue (Node: an empty 417), an OPTIONS without `Origin` or
 * `Access-Control-Request-Method` (@fastify/cors: `400 text/plain Invalid Preflight Request`).
 * Call once every listener is attached (after `app.init()`: Socket.IO takes the others over the same way).
 */
export function refuseMalformedRequests(server: Server): void {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    // Answered 429 and closing (connection-limits.ts): nothing it sends is served.
    if (isRefusedConnection(req.socket)) return void req.socket.destroy();
    const code = refusalOf(req);
    if (code) return writeProblem(req, res, 400, code);
    for (const listener of listeners) listener.call(server, req, res);
  });
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => writeProblem(req, res, 417));
}

function refusalOf(req: IncomingMessage): string | undefined {
  if (req.httpVersion === "1.1" && req.headers.host === undefined) return "NO_HOST";
  if (req.method === "OPTIONS" && (!req.headers.origin || !req.headers["access-control-request-method"])) return "BAD_PREFLIGHT";
  return undefined;
}

function writeProblem(req: IncomingMessage, res: ServerResponse, status: number, code?: string): void {
  const body = JSON.stringify(clientProblem(status, code));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    "Content-Length": Buffer.byteLength(body),
    "X-Request-Id": requestIdOf(req),
    // The request is malformed: whatever body it may still send is not read.
    Connection: "close",
  });
  res.end(body);
}
