import type { Socket as TcpSocket } from "node:net";
import type { Socket } from "socket.io";

const NOTHING = Object.freeze({});

// Engine.IO's upgrade response (engine.io 6.6 `WebSocketResponse`) re-emits the TCP socket's "close"
// for HTTP middlewares, none of which this server uses; the listener keeps the response, and with it
// the first request, alive as long as the connection. It is matched by its source so that an
// Engine.IO that changes it is left alone (lean-sockets.test.ts then fails and says so).
const UPGRADE_RESPONSE_CLOSE = '() => this.emit("close")';

/**
 * Cuts what a connected socket keeps for its whole life to what is read after the handshake.
 * Socket.IO holds the session's first HTTP request and the handshake's headers, query and auth (the
 * access token itself) as long as the socket lives; once the namespace middleware has admitted the
 * socket nothing reads them again (a recovered connection brings its own request and runs the
 * middleware on it). Socket.IO's memory guide suggests dropping the request; Engine.IO's upgrade
 * response holds it too, so that hold is released as well. ~1.5 KiB a socket: bench/HISTORY.md.
 */
export function forgetHandshake(socket: Socket): void {
  const request = socket.conn.request as { headers: object; rawHeaders: string[]; _query?: object; socket?: TcpSocket } | null;
  // Null once a socket of another namespace (or an earlier one of this) was admitted on the connection.
  if (request) {
    if (request.socket) releaseUpgradeResponse(request.socket);
    request.headers = NOTHING;
    request.rawHeaders = [];
    request._query = NOTHING;
    (socket.conn as { request: unknown }).request = null;
  }
  socket.handshake.headers = NOTHING;
  socket.handshake.query = NOTHING;
  socket.handshake.auth = NOTHING;
}

function releaseUpgradeResponse(tcp: TcpSocket): void {
  for (const wrapper of tcp.rawListeners("close")) {
    const listener = (wrapper as { listener?: unknown }).listener ?? wrapper;
    if (typeof listener === "function" && String(listener) === UPGRADE_RESPONSE_CLOSE)
      tcp.removeListener("close", listener as (...args: unknown[]) => void);
  }
}
