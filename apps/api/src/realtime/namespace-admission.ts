import type { IncomingMessage } from "node:http";
import { usersSocketErrors } from "@moien/contracts";
import type { Namespace, Server, Socket } from "socket.io";

type Next = (err?: Error) => void;

// Connections closing after a refusal: the connects still queued on them are refused without a check.
const refusedConnections = new WeakSet<object>();

/**
 * Refuses a namespace connect with the contract's `connect_error`, then closes the connection once that
 * packet is written: a client cannot try namespace after namespace on one connection (each try a token
 * check against the database), only open new connections, which the handshake limit counts.
 */
export function refuseConnect(socket: Socket, next: Next, error: Error): void {
  refusedConnections.add(socket.conn);
  next(error);
  // Socket.IO writes CONNECT_ERROR on the next tick; a plain close lets the written packet go first.
  setImmediate(() => socket.conn.close());
}

/**
 * The first middleware of every namespace, the one place connects are admitted before a gateway checks
 * the token:
 * - `/` admits no one: nothing is served there, and an open socket outside every gateway escapes the
 *   socket metrics and the per-token cap;
 * - a connection's first namespace connect was counted with its handshake (`allowRequest`); every
 *   further one counts against the same SOCKET_CONNECT_LIMIT of the address, and over it is refused.
 */
export class NamespaceAdmission {
  // Per connection that made a namespace connect: the client address its handshake came from.
  private readonly addresses = new WeakMap<object, string>();

  constructor(
    private readonly consume: ((address: string) => Promise<boolean>) | null,
    private readonly addressOf: (request: IncomingMessage) => string,
  ) {}

  /** Before the gateways create their namespaces: each gets this middleware first. */
  attach(server: Server): void {
    server.of("/").use((socket, next) => refuseConnect(socket, next, new Error(usersSocketErrors.forbidden)));
    server.on("new_namespace", (nsp: Namespace) => nsp.use((socket, next) => this.admit(socket, next)));
  }

  private admit(socket: Socket, next: Next): void {
    if (refusedConnections.has(socket.conn)) return next(new Error(usersSocketErrors.tooManyConnections));
    const address = this.addresses.get(socket.conn);
    if (address === undefined) {
      // The handshake's request is still there on a connection's first connect (lean-sockets drops it after).
      const request = socket.conn.request as IncomingMessage | null;
      this.addresses.set(socket.conn, request ? this.addressOf(request) : socket.conn.remoteAddress);
      return next();
    }
    if (!this.consume) return next();
    this.consume(address).then(
      (allowed) => (allowed ? next() : refuseConnect(socket, next, new Error(usersSocketErrors.tooManyConnections))),
      () => refuseConnect(socket, next, new Error(usersSocketErrors.unavailable)),
    );
  }
}
