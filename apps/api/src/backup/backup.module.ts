import { Module } from "@nestjs/common";
import { BackupController } from "./backup.controller";
import { BackupService } from "./backup.service";

/** Backups of the running embedded store (`GET /api/v1/backup`, `npm run backup`). */
@Module({ controllers: [BackupController], providers: [BackupService] })
export class BackupModule {}
