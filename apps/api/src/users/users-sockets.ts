import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from "@nestjs/websockets";
import { USERS_NAMESPACE, type UsersClientToServerEvents, type UsersServerToClientEvents } from "@moien/contracts";
import type { Namespace, Socket } from "socket.io";
import { MetricsService } from "../metrics/metrics.service";
import type { Principal } from "../auth/principal";
import type { RelayedEvent, UsersBroadcaster } from "./events/users-broadcaster";

// tokenKey: a digest of the access token, to count sockets per token without keeping the token.
export type UsersSocketData = { principal: Principal; tokenKey: string };
export type UsersNamespace = Namespace<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, UsersSocketData>;
export type UsersSocket = Socket<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, UsersSocketData>;

// socket.io-parser's PacketType.EVENT
const EVENT_PACKET = 2;

/**
 * The `/users` namespace as a repository of sockets: it broadcasts what the relay hands it and lists
 * the connected sockets for the sweep. It admits nobody (that is `UsersGateway`).
 */
@WebSocketGateway({ namespace: USERS_NAMESPACE })
export class UsersSockets implements UsersBroadcaster, OnGatewayInit<UsersNamespace> {
  @WebSocketServer() private readonly nsp!: UsersNamespace; // reason: set by Nest before any hook runs

  constructor(private readonly metrics: MetricsService) {}

  afterInit(nsp: UsersNamespace): void {
    this.metrics.onScrape(this.metrics.connectedSockets, () => nsp.sockets.size, { namespace: nsp.name });
  }

  async publish({ name, payload }: RelayedEvent): Promise<void> {
    // Through the adapter rather than `emit`: the cluster adapter's promise says when Redis has it,
    // and `sliced` lets HTTP requests interleave with a large fan-out (realtime/sliced-broadcast.ts).
    const packet = { type: EVENT_PACKET, data: [name, payload], nsp: this.nsp.name };
    await Promise.resolve<unknown>(this.nsp.adapter.broadcast(packet, { rooms: new Set(), except: new Set(), flags: { sliced: true } }));
  }

  deliverLocally({ name, payload }: RelayedEvent): void {
    const packet = { type: EVENT_PACKET, data: [name, payload], nsp: this.nsp.name };
    this.nsp.adapter.broadcast(packet, { rooms: new Set(), except: new Set(), flags: { local: true, sliced: true } });
  }

  connected(): IterableIterator<UsersSocket> {
    return this.nsp.sockets.values();
  }

  get size(): number {
    return this.nsp.sockets.size;
  }
}
