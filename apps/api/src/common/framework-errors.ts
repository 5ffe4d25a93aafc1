import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { Logger } from "@nestjs/common";
import { PROBLEM_CONTENT_TYPE } from "@moien/contracts";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { clientProblem } from "./problem";
import { sendProblem } from "./problem.filter";

const logger = new Logger("HTTP");

/**
 * Errors fastify's router raises before any hook or handler runs (a malformed %-escape, a path
 * parameter over `maxParamLength`): no hook has added the request id or the security headers yet.
 */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header("X-Request-Id", request.id).header("X-Content-Type-Options", "nosniff");
  sendProblem(reply, error, logger);
}

/**
 * Errors of Node's HTTP parser (headers over 16 KiB, bytes that are not HTTP, a request that never
 * finishes): there is no request object, so the answer is written on the socket, which is then closed.
 */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify(clientProblem(status, status === 400 ? error.code : undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
