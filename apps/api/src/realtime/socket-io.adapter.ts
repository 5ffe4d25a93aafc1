import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import { IoAdapter } from "@nestjs/platform-socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import proxyAddr from "proxy-addr";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Namespace, Server, ServerOptions, Socket } from "socket.io";
import { SessionAwareAdapter } from "socket.io-adapter";
import type { AppConfig } from "../config/config";
import { isHandshakeOriginAllowed } from "./origin-policy";
import type { RedisHandle } from "./redis";
import { withSlicedBroadcast } from "./sliced-broadcast";

export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  private readonly handshakes: RateLimiterMemory | null;
  private readonly trust: ReturnType<typeof proxyAddr.compile>;

  constructor(
    app: INestApplicationContext,
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
   * address opening handshakes faster than SOCKET_CONNECT_LIMIT a minute (flood protection).
   */
  private allowHandshake(request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
    if (!isHandshakeOriginAllowed(request, this.config.corsOrigins)) return callback("origin not allowed", false);
    if (!this.handshakes) return callback(null, true);
    this.handshakes.consume(proxyAddr(request, this.trust)).then(
      () => callback(null, true),
      () => callback("too many handshakes", false),
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
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    }) as Server;
    if (!this.redis) {
      // One node: the session-aware in-memory adapter Socket.IO would pick, with sliced delivery.
      // (A plain `function`: Socket.IO calls the factory with `new`, which then returns the adapter.)
      server.adapter(function (nsp: Namespace) {
        return withSlicedBroadcast(new SessionAwareAdapter(nsp));
      });
      return server;
    }
    // Redis Streams (not pub/sub) so that connection-state recovery works across nodes.
    const prefix = this.config.redisKeyPrefix;
    const redisAdapter = createAdapter(this.redis.client, {
      streamName: `${prefix}:socket.io`,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:socket.io:session:`,
      maxLen: 10_000,
      onlyPlaintext: true,
    });
    server.adapter(function (nsp: Namespace) {
      return withSlicedBroadcast(redisAdapter(nsp));
    });
    server.on("new_namespace", keepSessionsRecoverable);
    return server;
  }
}

/**
 * Socket.IO saves a session when its socket disconnects; a node killed outright saves nothing.
 * Saving it on connect, and again before it expires, lets the client recover on another node.
 * Nothing of the socket's data is kept: the handshake middleware runs again on recovery.
 */
function keepSessionsRecoverable(nsp: Namespace): void {
  nsp.on("connection", persistSession);
  setInterval(() => nsp.sockets.forEach(persistSession), RECOVERY_WINDOW_MS / 2).unref();
}

function persistSession(socket: Socket): void {
  const { pid } = socket as unknown as { pid?: string }; // reason: the private session id Socket.IO itself persists on disconnect
  if (!pid) return;
  socket.nsp.adapter.persistSession({ sid: socket.id, pid, rooms: [...socket.rooms], data: {} });
}
