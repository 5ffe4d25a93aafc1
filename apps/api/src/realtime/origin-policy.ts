import type { IncomingMessage } from "node:http";

/**
 * Browsers do not apply CORS to WebSocket upgrades, so the handshake itself checks the Origin:
 * allowed when it is in the list or is the server's own origin; a client without an Origin
 * (a server-side client) is judged by its token alone.
 */
export function isHandshakeOriginAllowed(request: Pick<IncomingMessage, "headers">, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return isAllowedOrigin(origin, request.headers.host, allowedOrigins);
}

/** An origin in the list, or the server's own (the same host as the request's). */
export function isAllowedOrigin(origin: string, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
