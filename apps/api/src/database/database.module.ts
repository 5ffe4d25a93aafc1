import { type DynamicModule, Global, Module } from "@nestjs/common";
import type { DatabaseHandle } from "./database";

export const DATABASE = Symbol("DATABASE");

/** Provides the handle opened (and migrated) before the app starts; its opener closes it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(handle: DatabaseHandle): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE, useValue: handle }],
      exports: [DATABASE],
    };
  }
}
