import { createHash } from "node:crypto";
import { Inject, Logger } from "@nestjs/common";
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from "@nestjs/websockets";
import { USERS_NAMESPACE, usersSocketErrors } from "@moien/contracts";
import { AuthService } from "../auth/auth.service";
import { admitOrThrow, handshakeToken } from "../auth/socket-handshake";
import { refuseConnect } from "../realtime/namespace-admission";
import { describeError } from "../common/error-chain";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import type { UsersNamespace, UsersSocket } from "./users-sockets";

/** Admits operators (permission `users.read`) to `/users`, at most SOCKET_MAX_PER_TOKEN sockets per token on this node. Nothing else. */
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
        (error: Error) => refuseConnect(socket, next, error),
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
    const token = handshakeToken(socket);
    const principal = await admitOrThrow(this.auth, token, "users.read", (error) =>
      this.logger.error(`handshake check failed: ${describeError(error)}`),
    );
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
