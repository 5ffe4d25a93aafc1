import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import { IoAdapter } from "@nestjs/platform-socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import proxyAddr from "proxy-addr";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Server, ServerOptions } from "socket.io";
import type { AppConfig } from "../config/config";
import { isHandshakeOriginAllowed } from "./origin-policy";
import type { RedisHandle } from "./redis";

/** How often expired data (stream packets, published outbox rows) is removed: a fraction of the window. */
export const expiryIntervalMs = (recoveryWindowMs: number) => Math.min(10_000, Math.max(250, recoveryWindowMs / 4));

type SessionToPersist = { sid: string; pid: string; rooms: string[]; data: unknown };
type PersistingAdapter = { persistSession(session: SessionToPersist): void };

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  private readonly handshakes: RateLimiterMemory | null;
  private readonly trust: ReturnType<typeof proxyAddr.compile>;
  private trimTimer?: NodeJS.Timeout;

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
      connectionStateRecovery: { maxDisconnectionDuration: this.config.recoveryWindowMs, skipMiddlewares: false },
    }) as Server;
    if (this.redis) {
      // Redis Streams (not pub/sub) so that connection-state recovery works across nodes.
      const prefix = this.config.redisKeyPrefix;
      const streamName = `${prefix}:socket.io`;
      const make = createAdapter(this.redis.client, {
        streamName,
        channelPrefix: `${prefix}:socket.io`,
        sessionKeyPrefix: `${prefix}:socket.io:session:`,
        maxLen: 10_000,
        onlyPlaintext: true,
      });
      // Socket.IO saves `socket.data` (the principal) with each session; the handshake middleware runs
      // again on recovery and rebuilds it, so nothing of it needs to sit in Redis.
      const withoutData = function (this: unknown, nsp: unknown) {
        const adapter = (make as (nsp: unknown) => PersistingAdapter)(nsp);
        const persist = adapter.persistSession.bind(adapter);
        adapter.persistSession = (session) => persist({ ...session, data: {} });
        return adapter;
      };
      server.adapter(withoutData as unknown as Parameters<Server["adapter"]>[0] & object);
      this.trimStreamByAge(streamName);
    }
    return server;
  }

  /**
   * maxLen alone keeps the last 10,000 packets however old (personal data, at low traffic, for ever):
   * packets older than the recovery window serve no client and are removed.
   */
  private trimStreamByAge(streamName: string): void {
    const redis = this.redis!;
    const window = this.config.recoveryWindowMs;
    this.trimTimer = setInterval(() => {
      if (!redis.isReady()) return;
      redis.client.xTrim(streamName, "MINID", `${Date.now() - window}-0`).catch(() => undefined);
    }, expiryIntervalMs(window));
    this.trimTimer.unref();
  }

  override async close(server: Server): Promise<void> {
    clearInterval(this.trimTimer);
    await super.close(server);
  }
}
