import { type DynamicModule, Global, Module } from "@nestjs/common";
import { OutboxRelay } from "./outbox-relay";
import { OutboxRepository } from "./outbox.repository";
import { REDIS, type RedisHandle } from "./redis";

/** The outbox, its relay and the Redis connection (null on a single node without REDIS_URL). */
@Global()
@Module({})
export class RealtimeModule {
  static forRoot(redis: RedisHandle | null): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [{ provide: REDIS, useValue: redis }, OutboxRepository, OutboxRelay],
      exports: [REDIS, OutboxRepository, OutboxRelay],
    };
  }
}
