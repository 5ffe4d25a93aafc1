import { type DynamicModule, Module } from "@nestjs/common";
import { APP_FILTER } from "@nestjs/core";
import { AuthModule } from "./auth/auth.module";
import { InitialAdmin } from "./auth/initial-admin";
import { ProblemFilter } from "./common/problem.filter";
import type { AppConfig } from "./config/config";
import { ConfigModule } from "./config/config.module";
import type { DatabaseHandle } from "./database/database";
import { DatabaseModule } from "./database/database.module";
import { HealthController } from "./health/health.controller";
import { RealtimeModule } from "./realtime/realtime.module";
import type { RedisHandle } from "./realtime/redis";

import { UsersModule } from "./users/users.module";

export type AppDependencies = { config: AppConfig; database: DatabaseHandle; jwtSecret: string; redis?: RedisHandle | null };

/** What both the server and the admin command need: configuration, database, accounts. */
export const coreModules = ({ config, database, jwtSecret }: AppDependencies) => [
  ConfigModule.forRoot(config),
  DatabaseModule.forRoot(database),
  AuthModule.forRoot(jwtSecret),
];

@Module({})
export class AppModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [...coreModules(dependencies), RealtimeModule.forRoot(dependencies.redis ?? null), UsersModule],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        InitialAdmin,
      ],
    };
  }
}
