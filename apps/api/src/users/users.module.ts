import { Module, type OnModuleInit } from "@nestjs/common";
import { Outbox } from "./events/outbox";
import { OutboxRelay } from "./events/outbox-relay";
import { OutboxRepository } from "./events/outbox.repository";
import { USERS_BROADCASTER } from "./events/users-broadcaster";
import { ExportLinks } from "./export-links";
import { ExportRateLimit } from "./export-rate-limit";
import { RegisterUserPipe } from "./register-user.pipe";
import { UsersController } from "./users.controller";
import { UsersGateway } from "./users.gateway";
import { UsersStatsRepository } from "./users-stats.repository";
import { UsersStatsService } from "./users-stats.service";
import { UsersRepository } from "./users.repository";
import { UsersSearchRepository } from "./users-search.repository";
import { UserRegistrationRepository } from "./user-registration.repository";
import { UserRemovalRepository } from "./user-removal.repository";
import { UsersExportService } from "./users-export.service";
import { UsersService } from "./users.service";
import { UsersSocketSweep } from "./users-socket-sweep";
import { UsersSockets } from "./users-sockets";
import { UpdateUserPipe } from "./profile/update-user.pipe";
import { UserProfileController } from "./profile/user-profile.controller";
import { UserProfileRepository } from "./profile/user-profile.repository";
import { UserProfileService } from "./profile/user-profile.service";
import { SuspensionLapse } from "./suspensions/suspension-lapse";
import { SuspensionsController } from "./suspensions/suspensions.controller";
import { SuspensionsRepository } from "./suspensions/suspensions.repository";
import { SuspensionsService } from "./suspensions/suspensions.service";

/**
 * The users feature, in the order an event travels: controller → service → repository + outbox →
 * (commit) → relay → broadcaster (the `/users` sockets). The gateway admits; the sweep cuts stale sockets.
 * A user's lifecycle: `profile/` (updates, password) and `suspensions/` (suspend, reinstate, lapse).
 */
@Module({
  controllers: [UsersController, UserProfileController, SuspensionsController],
  providers: [
    UpdateUserPipe,
    UserProfileService,
    UserProfileRepository,
    SuspensionsService,
    SuspensionsRepository,
    SuspensionLapse,
    RegisterUserPipe,
    UsersService,
    UsersExportService,
    ExportRateLimit,
    ExportLinks,
    UsersStatsService,
    UsersStatsRepository,
    UsersRepository,
    UsersSearchRepository,
    UserRemovalRepository,
    UserRegistrationRepository,
    Outbox,
    OutboxRepository,
    OutboxRelay,
    UsersSockets,
    { provide: USERS_BROADCASTER, useExisting: UsersSockets },
    UsersGateway,
    UsersSocketSweep,
  ],
  exports: [Outbox],
})
export class UsersModule implements OnModuleInit {
  constructor(
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {}

  /** Where the outbox meets the relay: each commit's events go straight to the sockets. */
  onModuleInit(): void {
    this.outbox.onCommitted((events) => this.relay.handOff(events));
  }
}
