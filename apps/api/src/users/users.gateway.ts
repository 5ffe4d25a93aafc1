import { createHash } from "node:crypto";
import { Inject, Logger, Optional } from "@nestjs/common";
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
import { MetricsService } from "../metrics/metrics.service";
import { OutboxRelay } from "../realtime/outbox-relay";
import { REDIS, type RedisHandle } from "../realtime/redis";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";

// tokenKey: a digest of the access token, to count sockets per token without keeping the token.
type SocketData = { principal: Principal; tokenKey: string };
type UsersNamespace = Namespace<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, SocketData>;
type UsersSocket = Socket<UsersClientToServerEvents, UsersServerToClientEvents, Record<string, never>, SocketData>;

// How quickly an expired token, a password reset or a deleted account cuts the live sockets.
const REVALIDATE_MS = 2_000;

/** Admits admins to `/users` and hands the namespace to the outbox relay, which broadcasts. */
@WebSocketGateway({ namespace: USERS_NAMESPACE })
export class UsersGateway implements OnGatewayInit<UsersNamespace>, OnGatewayConnection<UsersSocket>, OnGatewayDisconnect<UsersSocket> {
  private readonly logger = new Logger("UsersGateway");
  // Reserved in the handshake middleware (before any await could let a concurrent handshake pass the
  // check), released once, when the socket leaves or its handshake does not complete.
  private readonly socketsPerToken = new Map<string, number>();
  private readonly releases = new WeakMap<UsersSocket, () => void>();
  private readonly maxPerToken: number;
  private readonly recoveryWindowMs: number;

  constructor(
    private readonly auth: AuthService,
    private readonly relay: OutboxRelay,
    private readonly metrics: MetricsService,
    @Optional() @Inject(REDIS) private readonly redis: RedisHandle | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxPerToken = config.socketLimits.maxPerToken;
    this.recoveryWindowMs = config.recoveryWindowMs;
  }

  afterInit(nsp: UsersNamespace): void {
    // Guards do not run on connect; a middleware also runs again on a recovered connection.
    nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.relay.start(nsp as unknown as Namespace);
    this.metrics.onScrape(this.metrics.connectedSockets, () => nsp.sockets.size, { namespace: nsp.name });
    if (this.redis) this.keepSessionsRecoverable(nsp);
    this.disconnectExpiredAndRevoked(nsp);
  }

  handleConnection(socket: UsersSocket): void {
    if (this.redis) persistSession(socket);
  }

  handleDisconnect(socket: UsersSocket): void {
    this.releases.get(socket)?.();
  }

  /** Counts the socket against its token's cap now; the returned release runs at most once. */
  private reserve(socket: UsersSocket, tokenKey: string): void {
    this.socketsPerToken.set(tokenKey, (this.socketsPerToken.get(tokenKey) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.socketsPerToken.get(tokenKey) ?? 1) - 1;
      if (left > 0) this.socketsPerToken.set(tokenKey, left);
      else this.socketsPerToken.delete(tokenKey);
    };
    this.releases.set(socket, release);
    // A client that goes away mid-handshake never connects, so never disconnects: its transport's close releases.
    socket.conn.once("close", release);
  }

  /**
   * Socket.IO saves a session when its socket disconnects; a node killed outright saves nothing.
   * Saving it on connect, and again before it expires, lets the client recover on another node.
   */
  private keepSessionsRecoverable(nsp: UsersNamespace): void {
    setInterval(() => nsp.sockets.forEach(persistSession), this.recoveryWindowMs / 2).unref();
  }

  /**
   * Tokens are checked at the handshake; one sweep (not a timer per socket, which costs memory at
   * 10k sockets) then cuts sockets whose token expired — a stale session must stop receiving
   * personal data — and re-checks the rest against the accounts (revocation).
   */
  private disconnectExpiredAndRevoked(nsp: UsersNamespace): void {
    let checking = false;
    setInterval(() => {
      const now = Date.now();
      for (const socket of nsp.sockets.values()) if (socket.data.principal.expiresAt.getTime() <= now) socket.disconnect(true);
      if (checking || nsp.sockets.size === 0) return;
      checking = true;
      const sockets = [...nsp.sockets.values()];
      this.auth
        .findRevoked(sockets.map((s) => s.data.principal))
        .then((revoked) => sockets.filter((s) => revoked.has(s.data.principal.id)).forEach((s) => s.disconnect(true)))
        .catch(() => undefined) // database away: keep the sockets, check again next time
        .finally(() => (checking = false));
    }, REVALIDATE_MS).unref();
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
    // One stolen token must not hold thousands of sockets (per node).
    const tokenKey = createHash("sha256").update(token!).digest("base64url").slice(0, 22);
    if (this.maxPerToken > 0 && (this.socketsPerToken.get(tokenKey) ?? 0) >= this.maxPerToken) throw new Error("too_many_connections");
    this.reserve(socket, tokenKey);
    socket.data.principal = principal;
    socket.data.tokenKey = tokenKey;
  }
}

function persistSession(socket: UsersSocket): void {
  const pid = (socket as unknown as { pid?: string }).pid;
  if (!pid) return;
  // No socket data: the handshake middleware rebuilds it on recovery (and the adapter strips it anyway).
  socket.nsp.adapter.persistSession({ sid: socket.id, pid, rooms: [...socket.rooms], data: {} });
}
