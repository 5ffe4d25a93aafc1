import { Module } from "@nestjs/common";
import { Outbox } from "./events/outbox";
import { OutboxRelay } from "./events/outbox-relay";
import { OutboxRepository } from "./events/outbox.repository";
import { TestFaults } from "./events/test-faults";
import { USERS_BROADCASTER } from "./events/users-broadcaster";
import { ExportRateLimit } from "./export-rate-limit";
import { RegisterUserPipe } from "./register-user.pipe";
import { UsersController } from "./users.controller";
import { UsersGateway } from "./users.gateway";
import { UsersStatsRepository } from "./users-stats.repository";
import { UsersStatsService } from "./users-stats.service";
import { UsersRepository } from "./users.repository";
import { UsersExportService } from "./users-export.service";
import { UsersService } from "./users.service";
import { UsersSocketSweep } from "./users-socket-sweep";
import { UsersSockets } from "./users-sockets";

/**
 * The users feature, in the order an event travels: controller → service → repository + outbox →
 * relay → broadcaster (the `/users` sockets). The gateway admits; the sweep cuts stale sockets.
 */
@Module({
  controllers: [UsersController],
  providers: [
    RegisterUserPipe,
    UsersService,
    UsersExportService,
    ExportRateLimit,
    UsersStatsService,
    UsersStatsRepository,
    UsersRepository,
    Outbox,
    OutboxRepository,
    OutboxRelay,
    UsersSockets,
    { provide: USERS_BROADCASTER, useExisting: UsersSockets },
    UsersGateway,
    UsersSocketSweep,
    TestFaults,
  ],
})
export class UsersModule {}
