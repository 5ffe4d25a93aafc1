import type { IncomingMessage } from "node:http";
import type { INestApplicationContext } from "@nestjs/common";
import { IoAdapter } from "@nestjs/platform-socket.io";
import type { Server, ServerOptions } from "socket.io";
import type { AppConfig } from "../config/config";
import { isHandshakeOriginAllowed } from "./origin-policy";

/** Server-wide Socket.IO options; namespaces and their middleware live in the gateways. */
export class SocketIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      serveClient: false,
      cors: { origin: this.config.corsOrigins, methods: ["GET", "POST"] },
      allowRequest: (request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => callback(null, isHandshakeOriginAllowed(request, this.config.corsOrigins)),
      // Clients send nothing but the handshake: keep incoming frames small.
      maxHttpBufferSize: 4 * 1024,
      perMessageDeflate: false,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    }) as Server;
  }
}
