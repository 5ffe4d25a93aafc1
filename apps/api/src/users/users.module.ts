import { Module } from "@nestjs/common";
import { RegisterUserPipe } from "./register-user.pipe";
import { UserEvents } from "./user-events";
import { UsersController } from "./users.controller";
import { UsersGateway } from "./users.gateway";
import { UsersStatsRepository } from "./users-stats.repository";
import { UsersStatsService } from "./users-stats.service";
import { UsersRepository } from "./users.repository";
import { UsersService } from "./users.service";

@Module({
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UserEvents, UsersGateway, RegisterUserPipe, UsersStatsRepository, UsersStatsService],
})
export class UsersModule {}
