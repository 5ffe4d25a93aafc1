import { type DynamicModule, Module } from "@nestjs/common";
import { APP_FILTER } from "@nestjs/core";
import { LoggerModule } from "nestjs-pino";
import { AuditModule, AuditStoreModule } from "./audit/audit.module";
import { AuthModule } from "./auth/auth.module";
import { InitialAdmin } from "./auth/initial-admin";
import { ProblemFilter } from "./common/problem.filter";
import type { AppConfig } from "./config/config";
import { ConfigModule } from "./config/config.module";
import type { DatabaseHandle } from "./database/database";
import { DatabaseModule } from "./database/database.module";
import { DocsController } from "./docs/docs.controller";
import { HealthController } from "./health/health.controller";
import { loggingParams } from "./logging/logging";
import { MetricsModule } from "./metrics/metrics.module";
import { RealtimeModule } from "./realtime/realtime.module";
import type { RedisHandle } from "./realtime/redis";
import { TestFaultsModule } from "./testing/test-faults.module";
import { UsersModule } from "./users/users.module";
import { OperatorsModule } from "./operators/operators.module";
import { BackupModule } from "./backup/backup.module";

export type AppDependencies = { config: AppConfig; database: DatabaseHandle; jwtSecret: string; redis?: RedisHandle | null };

/** What both the server and the admin command need: configuration, database, accounts. */
export const coreModules = ({ config, database, jwtSecret }: AppDependencies) => [
  ConfigModule.forRoot(config),
  DatabaseModule.forRoot(database),
  AuditStoreModule,
  AuthModule.forRoot(jwtSecret),
];

@Module({})
export class AppModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingParams(dependencies.config)),
        ...coreModules(dependencies),
        MetricsModule,
        RealtimeModule.forRoot(dependencies.redis ?? null),
        UsersModule,
        AuditModule,
        OperatorsModule,
        BackupModule,
        // Only under TEST_FAULT (NODE_ENV=test): nothing of it is loaded otherwise.
        ...(dependencies.config.testFault ? [TestFaultsModule.forRoot(dependencies.config.testFault)] : []),
      ],
      controllers: [HealthController, DocsController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, InitialAdmin],
    };
  }
}
