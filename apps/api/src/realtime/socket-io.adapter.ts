import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import type { MessageMappingProperties } from "@nestjs/websockets";
import { IoAdapter } from "@nestjs/platform-socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import proxyAddr from "proxy-addr";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Observable } from "rxjs";
import type { Namespace, Server, ServerOptions, Socket } from "socket.io";
import { SessionAwareAdapter } from "socket.io-adapter";
import type { AppConfig } from "../config/config";
import { forgetHandshake } from "./lean-sockets";
import { NamespaceAdmission } from "./namespace-admission";
import { isHandshakeOriginAllowed } from "./origin-policy";
import type { RedisHandle } from "./redis";
import { withOncePerEvent } from "./once-per-event";
import { withSlicedBroadcast } from "./sliced-broadcast";
import { SocketServerRef } from "./socket-server-ref";
import { expireReplayBuffer, expiryCutoffMs, expiryIntervalMs } from "./recovery-window";

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  private readonly handshakes: RateLimiterMemory | null;
  private readonly trust: ReturnType<typeof proxyAddr.compile>;
  private trimTimer?: NodeJS.Timeout;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisHandle | null,
  ) {
    super(app);
    const perMinute = config.socketLimits.connectsPerMinute;
    this.handshakes = perMinute > 0 ? new RateLimiterMemory({ keyPrefix: "handshake", points: perMinute, duration: 60 }) : null;
    this.trust = proxyAddr.compile(config.trustProxy ?? []);
  }

  /**
   * Runs before any Socket.IO work, on new sessions only: a foreign Origin is refused, and so is an
   * address opening handshakes faster than SOCKET_CONNECT_LIMIT a minute (flood protection). Every
   * further namespace connect on a connection counts against the same limit (namespace-admission.ts).
   */
  private allowHandshake(request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
    if (!isHandshakeOriginAllowed(request, this.config.corsOrigins)) return callback("origin not allowed", false);
    if (!this.handshakes) return callback(null, true);
    this.consumeConnect(proxyAddr(request, this.trust)).then(
      (allowed) => (allowed ? callback(null, true) : callback("too many handshakes", false)),
      () => callback("too many handshakes", false),
    );
  }

  /** One point of the address's SOCKET_CONNECT_LIMIT (a handshake, or a further namespace connect); false when none is left. */
  private consumeConnect(address: string): Promise<boolean> {
    if (!this.handshakes) return Promise.resolve(true);
    return this.handshakes.consume(address).then(
      () => true,
      (error: unknown) => {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      },
    );
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      cors: { origin: this.config.corsOrigins, methods: ["GET", "POST"] },
      allowRequest: (request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) =>
        this.allowHandshake(request, callback),
      // Clients send nothing but the handshake: keep incoming frames small.
      maxHttpBufferSize: 4 * 1024,
      perMessageDeflate: false,
      connectionStateRecovery: { maxDisconnectionDuration: this.config.recoveryWindowMs, skipMiddlewares: false },
    }) as Server;
    this.app.get(SocketServerRef).set(server);
    new NamespaceAdmission(this.handshakes ? (address) => this.consumeConnect(address) : null, (request) =>
      proxyAddr(request, this.trust),
    ).attach(server);
    // "connection" fires once the namespace middleware has admitted the socket.
    server.on("new_namespace", (nsp: Namespace) => nsp.on("connection", forgetHandshake));
    if (!this.redis) {
      // One node: the session-aware in-memory adapter Socket.IO would pick, with sliced delivery, once per event.
      // (A plain `function`: Socket.IO calls the factory with `new`, which then returns the adapter.)
      const window = this.config.recoveryWindowMs;
      server.adapter(function (nsp: Namespace) {
        const adapter = new SessionAwareAdapter(nsp);
        expireReplayBuffer(adapter, window);
        return withSlicedBroadcast(withOncePerEvent(adapter));
      });
      return server;
    }
    // Redis Streams (not pub/sub) so that connection-state recovery works across nodes.
    const prefix = this.config.redisKeyPrefix;
    const streamName = `${prefix}:socket.io`;
    const redisAdapter = createAdapter(this.redis.client, {
      streamName,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:socket.io:session:`,
      maxLen: 10_000,
      onlyPlaintext: true,
    });
    server.adapter(function (nsp: Namespace) {
      const adapter = withSlicedBroadcast(withOncePerEvent(redisAdapter(nsp)));
      // Socket.IO saves `socket.data` (the principal) with each session; the handshake middleware runs
      // again on recovery and rebuilds it, so nothing of it needs to sit in Redis.
      const persist = adapter.persistSession.bind(adapter);
      adapter.persistSession = (session) => persist({ ...session, data: {} });
      return adapter;
    });
    const window = this.config.recoveryWindowMs;
    server.on("new_namespace", (nsp: Namespace) => keepSessionsRecoverable(nsp, window));
    this.trimStreamByAge(streamName);
    return server;
  }

  /**
   * maxLen alone keeps the last 10,000 packets however old (personal data, at low traffic, for ever):
   * packets older than the recovery window serve no client and are removed.
   */
  private trimStreamByAge(streamName: string): void {
    const redis = this.redis;
    if (!redis) return;
    const window = this.config.recoveryWindowMs;
    this.trimTimer = setInterval(() => {
      if (!redis.isReady()) return;
      // Entry ids are their creation times in ms: nothing older than the window survives a pass.
      redis.client.xTrim(streamName, "MINID", `${expiryCutoffMs(window)}-0`).catch(() => undefined);
    }, expiryIntervalMs(window));
    this.trimTimer.unref();
  }

  /**
   * No gateway handles a client message (clients send nothing but the handshake), yet Nest builds a
   * pipeline of observables for each socket regardless (~1 KiB a socket, bench/HISTORY.md).
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }

  override async close(server: Server): Promise<void> {
    clearInterval(this.trimTimer);
    await super.close(server);
  }
}

/**
 * Socket.IO saves a session when its socket disconnects; a node killed outright saves nothing.
 * Saving it on connect, and again before it expires, lets the client recover on another node.
 * Nothing of the socket's data is kept: the handshake middleware runs again on recovery.
 */
function keepSessionsRecoverable(nsp: Namespace, recoveryWindowMs: number): void {
  nsp.on("connection", persistSession);
  setInterval(() => nsp.sockets.forEach(persistSession), recoveryWindowMs / 2).unref();
}

function persistSession(socket: Socket): void {
  const { pid } = socket as unknown as { pid?: string }; // reason: the private session id Socket.IO itself persists on disconnect
  if (!pid) return;
  socket.nsp.adapter.persistSession({ sid: socket.id, pid, rooms: [...socket.rooms], data: {} });
}
