import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import { IoAdapter } from "@nestjs/platform-socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Server, ServerOptions } from "socket.io";
import type { AppConfig } from "../config/config";
import { isHandshakeOriginAllowed } from "./origin-policy";
import type { RedisHandle } from "./redis";

export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisHandle | null,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      cors: { origin: this.config.corsOrigins, methods: ["GET", "POST"] },
      allowRequest: (request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) =>
        callback(null, isHandshakeOriginAllowed(request, this.config.corsOrigins)),
      // Clients send nothing but the handshake: keep incoming frames small.
      maxHttpBufferSize: 4 * 1024,
      perMessageDeflate: false,
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    }) as Server;
    if (this.redis) {
      // Redis Streams (not pub/sub) so that connection-state recovery works across nodes.
      const prefix = this.config.redisKeyPrefix;
      server.adapter(
        createAdapter(this.redis.client, {
          streamName: `${prefix}:socket.io`,
          channelPrefix: `${prefix}:socket.io`,
          sessionKeyPrefix: `${prefix}:socket.io:session:`,
          maxLen: 10_000,
          onlyPlaintext: true,
        }),
      );
    }
    return server;
  }
}
