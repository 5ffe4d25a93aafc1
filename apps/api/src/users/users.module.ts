import { Module } from "@nestjs/common";
import { ExportRateLimit } from "./export-rate-limit";
import { RegisterUserPipe } from "./register-user.pipe";
import { UserEvents } from "./user-events";
import { UsersController } from "./users.controller";
import { UsersGateway } from "./users.gateway";
import { UsersRepository } from "./users.repository";
import { UsersExportService } from "./users-export.service";
import { UsersService } from "./users.service";

@Module({
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UserEvents, UsersGateway, RegisterUserPipe, UsersExportService, ExportRateLimit],
})
export class UsersModule {}
