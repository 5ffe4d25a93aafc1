import type { Namespace, Server } from "socket.io";

/**
 * The node's Socket.IO server, for providers that broadcast or list sockets without being gateways
 * (each gateway costs Nest's bindings on every socket). Set by `SocketIoAdapter` when Nest creates it.
 */
export class SocketServerRef {
  private server?: Server;

  set(server: Server): void {
    this.server = server;
  }

  /** The namespace once the server exists (Nest creates it before any bootstrap hook); else undefined. */
  namespace(name: string): Namespace | undefined {
    return this.server?.of(name);
  }
}
