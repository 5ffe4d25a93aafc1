import { createHash } from "node:crypto";
import { Inject, Logger } from "@nestjs/common";
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from "@nestjs/websockets";
import { can, USERS_NAMESPACE, usersSocketErrors } from "@moien/contracts";
import { bearerToken } from "../auth/auth.guard";
import { tokenFromCookieHeader } from "../auth/sessions/session-cookie";
import { AuthService } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import { UnauthorizedError } from "../common/app-errors";
import { describeError } from "../common/error-chain";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import type { UsersNamespace, UsersSocket } from "./users-sockets";

/** Admits admins to `/users`, at most SOCKET_MAX_PER_TOKEN sockets per token on this node. Nothing else. */
@WebSocketGateway({ namespace: USERS_NAMESPACE })
export class UsersGateway implements OnGatewayInit<UsersNamespace>, OnGatewayConnection<UsersSocket>, OnGatewayDisconnect<UsersSocket> {
  private readonly logger = new Logger("UsersGateway");
  // Reserved in the handshake middleware (before any await could let a concurrent handshake pass the
  // check), released once: when the socket leaves, or when its transport closes mid-handshake (such a
  // socket never connects, so never disconnects). Nothing per socket but a WeakSet entry once it is
  // connected: at 10,000 sockets a closure each is memory (bench/HISTORY.md).
  private readonly socketsPerToken = new Map<string, number>();
  private readonly counted = new WeakSet<UsersSocket>();
  private readonly handshaking = new WeakMap<UsersSocket, () => void>();
  private readonly maxPerToken: number;

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxPerToken = config.socketLimits.maxPerToken;
  }

  afterInit(nsp: UsersNamespace): void {
    // Guards do not run on connect; a middleware also runs again on a recovered connection.
    nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
  }

  handleConnection(socket: UsersSocket): void {
    const releaseOnClose = this.handshaking.get(socket);
    if (!releaseOnClose) return;
    socket.conn.off("close", releaseOnClose);
    this.handshaking.delete(socket);
  }

  handleDisconnect(socket: UsersSocket): void {
    this.release(socket);
  }

  /** Counts the socket against its token's cap now. */
  private reserve(socket: UsersSocket, tokenKey: string): void {
    this.socketsPerToken.set(tokenKey, (this.socketsPerToken.get(tokenKey) ?? 0) + 1);
    this.counted.add(socket);
    const releaseOnClose = () => this.release(socket);
    this.handshaking.set(socket, releaseOnClose);
    socket.conn.once("close", releaseOnClose);
  }

  /** Gives the socket's place back, at most once. */
  private release(socket: UsersSocket): void {
    if (!this.counted.delete(socket)) return;
    const tokenKey = socket.data.tokenKey;
    const left = (this.socketsPerToken.get(tokenKey) ?? 1) - 1;
    if (left > 0) this.socketsPerToken.set(tokenKey, left);
    else this.socketsPerToken.delete(tokenKey);
  }

  private async authenticate(socket: UsersSocket): Promise<void> {
    // The console's browser sends its session cookie with the handshake; other clients a token.
    const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const token =
      typeof fromAuth === "string"
        ? fromAuth
        : (bearerToken(socket.handshake.headers.authorization) ?? tokenFromCookieHeader(socket.handshake.headers.cookie));
    let principal: Principal;
    try {
      principal = await this.auth.verifyAccessTokenOrThrow(token);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw new Error(usersSocketErrors.unauthorized);
      this.logger.error(`handshake check failed: ${describeError(error)}`);
      throw new Error(usersSocketErrors.unavailable);
    }
    if (!can(principal.role, "users.read")) throw new Error(usersSocketErrors.forbidden);
    // The client may have left while its token was checked: its transport's "close" has fired
    // already, so a place taken now would never be given back.
    if (socket.conn.readyState !== "open") throw new Error(usersSocketErrors.unavailable);
    // One stolen token must not hold thousands of sockets (per node).
    const tokenKey = createHash("sha256")
      .update(token ?? "")
      .digest("base64url")
      .slice(0, 22);
    if (this.maxPerToken > 0 && (this.socketsPerToken.get(tokenKey) ?? 0) >= this.maxPerToken)
      throw new Error(usersSocketErrors.tooManyConnections);
    socket.data.principal = principal;
    socket.data.tokenKey = tokenKey;
    this.reserve(socket, tokenKey);
  }
}
