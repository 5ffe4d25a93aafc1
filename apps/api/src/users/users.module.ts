import { type DynamicModule, Module, type Provider } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { crashAfterCommit } from "./events/crash-after-commit";
import { Outbox } from "./events/outbox";
import { OutboxRelay } from "./events/outbox-relay";
import { OutboxRepository } from "./events/outbox.repository";
import { USERS_BROADCASTER } from "./events/users-broadcaster";
import { RegisterUserPipe } from "./register-user.pipe";
import { UsersController } from "./users.controller";
import { UsersGateway } from "./users.gateway";
import { UsersRepository } from "./users.repository";
import { UsersService } from "./users.service";
import { UsersSocketSweep } from "./users-socket-sweep";
import { UsersSockets } from "./users-sockets";

/**
 * The users feature, in the order an event travels: controller → service → repository + outbox →
 * relay → broadcaster (the `/users` sockets). The gateway admits; the sweep cuts stale sockets.
 */
@Module({})
export class UsersModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers: Provider[] = [
      RegisterUserPipe,
      UsersService,
      UsersRepository,
      Outbox,
      OutboxRepository,
      OutboxRelay,
      UsersSockets,
      { provide: USERS_BROADCASTER, useExisting: UsersSockets },
      UsersGateway,
      UsersSocketSweep,
    ];
    // The fault the crash tests need exists only in a test process (config refuses it elsewhere).
    if (config.env === "test" && config.testFault === "crash-after-commit") providers.push(crashAfterCommit);
    return { module: UsersModule, controllers: [UsersController], providers };
  }
}
