import type { Socket } from "socket.io";

const NOTHING = Object.freeze({});

/**
 * Cuts what a connected socket keeps for its whole life to what is read after the handshake.
 * Socket.IO holds the session's first HTTP request (Engine.IO's upgrade response also keeps it until
 * the TCP connection closes) and the handshake's headers, query and auth (the access token itself);
 * once the namespace middleware has admitted the socket nothing reads them again (a recovered
 * connection brings its own request and runs the middleware on it). Socket.IO's memory guide
 * suggests dropping the request; it is emptied too, since the upgrade response still holds it.
 * About 1 KiB a socket: bench/HISTORY.md.
 */
export function forgetHandshake(socket: Socket): void {
  const request = socket.conn.request as { headers: object; rawHeaders: string[]; _query?: object };
  request.headers = NOTHING;
  request.rawHeaders = [];
  request._query = NOTHING;
  (socket.conn as { request: unknown }).request = null;
  socket.handshake.headers = NOTHING;
  socket.handshake.query = NOTHING;
  socket.handshake.auth = NOTHING;
}
