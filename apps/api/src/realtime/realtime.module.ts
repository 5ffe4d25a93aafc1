import { type DynamicModule, Global, Module } from "@nestjs/common";
import { REDIS, type RedisHandle } from "./redis";
import { SocketServerRef } from "./socket-server-ref";

/** The node's Redis connection (null on a single node without REDIS_URL) and its Socket.IO server, for whoever needs them. */
@Global()
@Module({})
export class RealtimeModule {
  static forRoot(redis: RedisHandle | null, sockets: SocketServerRef = new SocketServerRef()): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        { provide: REDIS, useValue: redis },
        { provide: SocketServerRef, useValue: sockets },
      ],
      exports: [REDIS, SocketServerRef],
    };
  }
}
