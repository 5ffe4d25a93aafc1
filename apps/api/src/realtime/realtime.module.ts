import { type DynamicModule, Global, Module } from "@nestjs/common";
import { REDIS, type RedisHandle } from "./redis";

/** The node's Redis connection (null on a single node without REDIS_URL), for whoever needs it. */
@Global()
@Module({})
export class RealtimeModule {
  static forRoot(redis: RedisHandle | null): DynamicModule {
    return { module: RealtimeModule, providers: [{ provide: REDIS, useValue: redis }], exports: [REDIS] };
  }
}
