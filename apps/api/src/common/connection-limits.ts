import type { Server } from "node:http";
import type { Socket } from "node:net";
import { rawProblemResponse } from "./raw-problem";

export type ConnectionLimits = { headersTimeoutMs: number; requestTimeoutMs: number; maxConnectionsPerAddress: number };

// Connections refused for their address: a request they still manage to send is not served.
const refused = new WeakSet<Socket>();
export const isRefusedConnection = (socket: Socket): boolean => refused.has(socket);

/**
 * Bounds what a slow or greedy client can hold (slow-loris):
 * - the headers must arrive within `headersTimeoutMs`, the whole request, body included, within
 *   `requestTimeoutMs` (Node's own bounds, checked every second instead of every 30 s; the answer is
 *   `onClientError`'s 408 problem document). They bound receiving the request only: a long export
 *   streams its response for as long as it takes;
 * - one client address holds at most `maxConnectionsPerAddress` connections (HTTP and websockets
 *   alike); one more is answered `429` and closed. The addresses of TRUST_PROXY are not limited: behind
 *   a balancer every connection comes from it, and the balancer limits per client (docs/operations.md).
 */
export function limitConnections(
  server: Server,
  limits: ConnectionLimits,
  isTrustedProxy: (address: string) => boolean,
  onRefused: () => void,
): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  const max = limits.maxConnectionsPerAddress;
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.prependListener("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "";
    if (isTrustedProxy(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      refused.add(socket);
      onRefused();
      socket.end(TOO_MANY_CONNECTIONS, () => socket.destroy());
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

// Written once: the same answer for every refused connection.
const TOO_MANY_CONNECTIONS = rawProblemResponse(429, "TOO_MANY_CONNECTIONS");
