import { type DynamicModule, Global, Module, type OnApplicationShutdown, Inject } from "@nestjs/common";
import type { DatabaseHandle } from "./database";

export const DATABASE = Symbol("DATABASE");

/** Holds the handle opened before the app starts (migrations done) and closes it last. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  static forRoot(handle: DatabaseHandle): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE, useValue: handle }],
      exports: [DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
