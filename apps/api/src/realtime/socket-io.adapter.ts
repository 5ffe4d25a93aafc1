import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import type { MessageMappingProperties } from "@nestjs/websockets";
import { IoAdapter } from "@nestjs/platform-socket.io";
import proxyAddr from "proxy-addr";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Observable } from "rxjs";
import type { Namespace, Server, ServerOptions, Socket } from "socket.io";
import type { AppConfig } from "../config/config";
import { adapterStack } from "./adapter-stack";
import { forgetHandshake } from "./lean-sockets";
import { NamespaceAdmission } from "./namespace-admission";
import { isHandshakeOriginAllowed } from "./origin-policy";
import type { RedisHandle } from "./redis";
import { SocketServerRef } from "./socket-server-ref";
import { keepClusterSessions } from "./session-keeping";

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  private readonly handshakes: RateLimiterMemory | null;
  private readonly trust: ReturnType<typeof proxyAddr.compile>;
  private stopSessionKeeping?: () => void;

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
      connectionStateRecovery: { maxDisconnectionDuration: this.config.recoveryWindow.windowMs, skipMiddlewares: false },
    }) as Server;
    this.app.get(SocketServerRef).set(server);
    new NamespaceAdmission(this.handshakes ? (address) => this.consumeConnect(address) : null, (request) =>
      proxyAddr(request, this.trust),
    ).attach(server);
    // "connection" fires once the namespace middleware has admitted the socket.
    server.on("new_namespace", (nsp: Namespace) => nsp.on("connection", forgetHandshake));
    const { redisKeyPrefix, recoveryWindow } = this.config;
    const streamName = `${redisKeyPrefix}:socket.io`;
    server.adapter(adapterStack(this.redis, streamName, recoveryWindow));
    if (this.redis) this.stopSessionKeeping = keepClusterSessions(server, this.redis, streamName, recoveryWindow);
    return server;
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
    this.stopSessionKeeping?.();
    await super.close(server);
  }
}
