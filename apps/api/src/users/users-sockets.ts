import { Injectable } from "@nestjs/common";
import { USERS_NAMESPACE, type UsersClientToServerEvents, type UsersServerToClientEvents } from "@moien/contracts";
import type { Namespace, Socket } from "socket.io";
import { MetricsService } from "../metrics/metrics.service";
import { broadcastEvent } from "../realtime/broadcast-event";
import type { StreamOrdered } from "../realtime/stream-order";
import { SocketServerRef } from "../realtime/socket-server-ref";
import type { Principal } from "../auth/principal";
import type { RelayedEvent, UsersBroadcaster } from "./events/users-broadcaster";

const SETTLE_TIMEOUT_MS = 2_000;

// tokenKey: a digest of the access token, to count sockets per token without keeping the token.
export type UsersSocketData = { principal: Principal; tokenKey: string };
export type UsersNamespace = Namespace<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, UsersSocketData>;
export type UsersSocket = Socket<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, UsersSocketData>;

/**
 * The `/users` namespace as a repository of sockets: it broadcasts what the relay hands it and lists
 * the connected sockets for the sweep. It admits nobody (that is `UsersGateway`), and it is not a
 * gateway itself: Nest binds each gateway on every socket, and one per namespace is enough.
 */
@Injectable()
export class UsersSockets implements UsersBroadcaster {
  constructor(
    private readonly server: SocketServerRef,
    metrics: MetricsService,
  ) {
    metrics.onScrape(metrics.connectedSockets, () => this.size, { namespace: USERS_NAMESPACE });
  }

  // The gateway's namespace; Nest creates it (with the server) before the relay starts on bootstrap.
  private get nsp(): UsersNamespace {
    const nsp = this.namespace();
    if (!nsp) throw new Error("the Socket.IO server is not running");
    return nsp;
  }

  private namespace(): UsersNamespace | undefined {
    return this.server.namespace(USERS_NAMESPACE);
  }

  async publish(event: RelayedEvent): Promise<void> {
    await broadcastEvent(this.nsp, event, { local: false });
  }

  deliverLocally(event: RelayedEvent): void {
    void broadcastEvent(this.nsp, event, { local: true });
  }

  async settled(): Promise<void> {
    // Only a cluster's adapter reads its broadcasts back; bounded, so a lost Redis cannot hold a shutdown.
    await (this.namespace()?.adapter as Partial<StreamOrdered> | undefined)?.settled?.(SETTLE_TIMEOUT_MS);
  }

  /** The connected admin sockets; none while no server runs (in-process tests). */
  connected(): IterableIterator<UsersSocket> {
    return this.namespace()?.sockets.values() ?? [].values();
  }

  get size(): number {
    return this.namespace()?.sockets.size ?? 0;
  }
}
