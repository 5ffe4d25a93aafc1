import { STATUS_CODES } from "node:http";
import type { Problem } from "@moien/contracts";
import { AppError, ServiceUnavailableError } from "./app-errors";
import { findInCauseChain } from "./error-chain";

export const PROBLEM_TYPE_BASE = "https://moien.delivery/problems/";

export type ProblemReply = { problem: Problem; headers: Record<string, string> };

// Errors that fastify raises before a handler runs; their own messages are not for clients.
const FRAMEWORK_DETAILS: Record<number, [slug: string, detail: string]> = {
  400: ["bad-request", "The request could not be read: the body must be valid JSON."],
  404: ["not-found", "There is nothing at this address."],
  405: ["method-not-allowed", "This method is not allowed here."],
  408: ["request-timeout", "The request took too long to arrive."],
  413: ["payload-too-large", "The request body is larger than 16 KiB."],
  414: ["uri-too-long", "The address is too long."],
  415: ["unsupported-media-type", "The request body must be JSON (Content-Type: application/json)."],
  417: ["expectation-failed", "Only the expectation 100-continue is supported."],
  431: ["header-fields-too-large", "The request headers are too large."],
};

// Fastify errors whose status is shared with others but whose cause is not the body.
const FRAMEWORK_CODE_DETAILS: Record<string, [slug: string, detail: string]> = {
  FST_ERR_BAD_URL: ["bad-url", "The address is not a valid URL (a malformed %-escape)."],
  // Node's HTTP parser: the request line or a header is not HTTP.
  HPE: ["bad-request", "The request is not valid HTTP."],
  // Requests refused before routing (framework-errors.ts).
  NO_HOST: ["bad-request", "An HTTP/1.1 request must carry a Host header."],
  BAD_PREFLIGHT: ["bad-request", "A preflight (OPTIONS) request needs Origin and Access-Control-Request-Method headers."],
  // A connection over HTTP_MAX_CONNECTIONS_PER_ADDRESS (connection-limits.ts).
  TOO_MANY_CONNECTIONS: ["too-many-connections", "Your address holds too many open connections; close some and retry."],
};

// Connection-level failures of the database: the store is away or refusing, not the request wrong.
// 57P0x: shut down or starting; 08xxx: connection lost; 53300: too many connections;
// 55000: the database does not accept connections (maintenance).
// 57014: a statement cancelled (statement_timeout); 53xxx: out of resources on the server.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "57014",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53000",
  "53100",
  "53200",
  "53300",
  "55000",
]);

// node-postgres says these in words only: the pool exhausted (no client within connectionTimeoutMillis),
// a query over query_timeout, a connection that dropped.
const CONNECTION_LOST = /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection timeout/i;

function isDatabaseUnavailable(error: unknown): boolean {
  const unavailable = (e: Record<string, unknown>) =>
    (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) || (typeof e.message === "string" && CONNECTION_LOST.test(e.message))
      ? true
      : undefined;
  return findInCauseChain(error, unavailable) ?? false;
}

function fromAppError(error: AppError): ProblemReply {
  return {
    problem: {
      type: PROBLEM_TYPE_BASE + error.slug,
      title: error.title,
      status: error.status,
      detail: error.detail,
      ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
    },
    headers: error.headers,
  };
}

/** The problem document of a 4xx that fastify or Node's HTTP parser raised by itself. */
export function clientProblem(status: number, code?: string): Problem {
  const byCode = code === undefined ? undefined : (FRAMEWORK_CODE_DETAILS[code] ?? FRAMEWORK_CODE_DETAILS[code.split("_")[0] ?? code]);
  const [slug, detail] = byCode ?? FRAMEWORK_DETAILS[status] ?? ["client-error", "The request was not understood."];
  return { type: PROBLEM_TYPE_BASE + slug, title: STATUS_CODES[status] ?? "Client error", status, detail };
}

/** Turns anything thrown into a problem document that says nothing about the internals. */
export function toProblem(error: unknown): ProblemReply & { unexpected: boolean } {
  if (error instanceof AppError) return { ...fromAppError(error), unexpected: false };
  if (isDatabaseUnavailable(error)) return { ...fromAppError(new ServiceUnavailableError()), unexpected: false };
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (error as { code?: unknown }).code;
    return { problem: clientProblem(status, typeof code === "string" ? code : undefined), headers: {}, unexpected: false };
  }
  return {
    problem: {
      type: PROBLEM_TYPE_BASE + "internal",
      title: "Internal server error",
      status: 500,
      detail: "Something went wrong on our side; it has been logged.",
    },
    headers: {},
    unexpected: true,
  };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { statusCode?: unknown; getStatus?: () => number };
  if (typeof e.getStatus === "function") return e.getStatus();
  return typeof e.statusCode === "number" ? e.statusCode : undefined;
}
