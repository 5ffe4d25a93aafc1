import { type CallHandler, type DynamicModule, type ExecutionContext, Module, type NestInterceptor, type Provider } from "@nestjs/common";
import { APP_INTERCEPTOR } from "@nestjs/core";
import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { delay, type Observable, of, switchMap } from "rxjs";
import type { DatabaseHandle } from "../database/database";
import { DATABASE } from "../database/database.module";
import { Outbox } from "../users/events/outbox";
import { UsersModule } from "../users/users.module";
import { FailingQueryController } from "./failing-query.controller";
import type { TestFault } from "./test-fault";

/** `slow-register`: a registration (POST /api/v1/users/register) waits 1 s before it runs. */
class SlowRegister implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== "POST" || request.routeOptions.url !== "/api/v1/users/register") return next.handle();
    return of(null).pipe(
      delay(1_000),
      switchMap(() => next.handle()),
    );
  }
}

const CRASH_AFTER_COMMIT = Symbol("CRASH_AFTER_COMMIT");
const SLOW_DATABASE_PING = Symbol("SLOW_DATABASE_PING");

const faults: Record<
  TestFault,
  { imports?: DynamicModule["imports"]; controllers?: DynamicModule["controllers"]; providers?: Provider[] }
> = {
  // Registered while the providers are built, before UsersModule wires the relay on init: the
  // process dies after the commit and before the hand-off (the outbox must deliver it anyway).
  "crash-after-commit": {
    imports: [UsersModule],
    providers: [
      {
        provide: CRASH_AFTER_COMMIT,
        inject: [Outbox],
        useFactory: (outbox: Outbox) => outbox.onCommitted(() => void process.kill(process.pid, "SIGKILL")),
      },
    ],
  },
  "failing-query": { controllers: [FailingQueryController] },
  "slow-register": { providers: [{ provide: APP_INTERCEPTOR, useClass: SlowRegister }] },
  // The readiness ping runs a 1 s query through the store (what /health/live must not wait for).
  "slow-database-ping": {
    providers: [
      {
        provide: SLOW_DATABASE_PING,
        inject: [DATABASE],
        useFactory: (database: DatabaseHandle) => {
          database.ping = async () => void (await database.db.execute(sql`select pg_sleep(1)`));
        },
      },
    ],
  },
};

/** The fault TEST_FAULT names (testing/test-fault.ts); the app imports this module only when it is set. */
@Module({})
export class TestFaultsModule {
  static forRoot(fault: TestFault): DynamicModule {
    return { module: TestFaultsModule, ...faults[fault] };
  }
}
