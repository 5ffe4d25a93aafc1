import { Logger } from "@nestjs/common";
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from "@nestjs/websockets";
import {
  USERS_NAMESPACE,
  type UsersClientToServerEvents,
  type UsersServerToClientEvents,
  usersSocketErrors,
} from "@moien/contracts";
import type { Namespace, Socket } from "socket.io";
import { bearerToken } from "../auth/auth.guard";
import { AuthService } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import { UnauthorizedError } from "../common/app-errors";
import { UserEvents } from "./user-events";

type SocketData = { principal: Principal; expiryTimer?: NodeJS.Timeout };
type UsersNamespace = Namespace<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, SocketData>;
type UsersSocket = Socket<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, SocketData>;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Broadcasts what the users service announced; admins only, checked on every handshake. */
@WebSocketGateway({ namespace: USERS_NAMESPACE })
export class UsersGateway implements OnGatewayInit<UsersNamespace>, OnGatewayConnection<UsersSocket>, OnGatewayDisconnect<UsersSocket> {
  private readonly logger = new Logger("UsersGateway");

  constructor(
    private readonly auth: AuthService,
    private readonly events: UserEvents,
  ) {}

  afterInit(nsp: UsersNamespace): void {
    // Guards do not run on connect; a middleware also runs again on a recovered connection.
    nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.events.subscribe((name, payload) => {
      (nsp.emit as (event: string, data: unknown) => boolean)(name, payload);
    });
  }

  handleConnection(socket: UsersSocket): void {
    // A stale session must stop receiving personal data when its token expires.
    const remaining = socket.data.principal.expiresAt.getTime() - Date.now();
    socket.data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
  }

  handleDisconnect(socket: UsersSocket): void {
    clearTimeout(socket.data.expiryTimer);
  }

  private async authenticate(socket: UsersSocket): Promise<void> {
    const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const token = typeof fromAuth === "string" ? fromAuth : bearerToken(socket.handshake.headers.authorization);
    let principal: Principal;
    try {
      principal = await this.auth.verifyAccessTokenOrThrow(token);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw new Error(usersSocketErrors.unauthorized);
      this.logger.error(`handshake check failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new Error("unavailable");
    }
    if (principal.role !== "admin") throw new Error(usersSocketErrors.forbidden);
    socket.data.principal = principal;
  }
}
