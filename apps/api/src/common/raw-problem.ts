import { STATUS_CODES } from "node:http";
import { PROBLEM_CONTENT_TYPE } from "@moien/contracts";
import { clientProblem } from "./problem";
import { SECURITY_HEADERS } from "./security-headers";

/**
 * A whole HTTP/1.1 answer, a problem document with the security headers, for a socket that has no
 * request object to answer through (the parser failed, or the connection is refused before any).
 */
export function rawProblemResponse(status: number, code?: string): string {
  const body = JSON.stringify(clientProblem(status, code));
  const headers = {
    ...SECURITY_HEADERS,
    "Content-Type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    "Content-Length": Buffer.byteLength(body),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join("")}Connection: close\r\n\r\n${body}`;
}
