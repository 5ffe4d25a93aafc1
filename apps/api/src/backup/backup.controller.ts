import { Controller, Get, Headers, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";
import { Authenticated, CurrentPrincipal } from "../auth/auth.guard";
import type { Principal } from "../auth/principal";
import { UnauthorizedError } from "../common/app-errors";
import { RequestId } from "../common/request-id.decorator";
import { type Backup, BackupService } from "./backup.service";

@Controller("backup")
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  /** An admin's download from the console (the session cookie, a fresh second factor). */
  @Get()
  @Authenticated("backup.download")
  async download(@CurrentPrincipal() admin: Principal, @RequestId() requestId: string, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.backups.takeOrThrow(admin, requestId));
  }

  /** `npm run backup` on this machine, with the key this node wrote into DATA_DIR. */
  @Get("local")
  async local(@Headers("x-backup-key") key: string | undefined, @RequestId() requestId: string, @Res() reply: FastifyReply): Promise<void> {
    if (!this.backups.matchesLocalKey(key)) throw new UnauthorizedError("A local backup needs the key the node wrote into DATA_DIR.");
    await send(reply, await this.backups.takeOrThrow(null, requestId));
  }
}

async function send(reply: FastifyReply, backup: Backup): Promise<void> {
  await reply
    .type("application/gzip")
    .header("Content-Disposition", `attachment; filename="${backup.filename}"`)
    .header("Cache-Control", "no-store")
    .header("X-Schema-Version", backup.schemaTag)
    .send(Buffer.from(backup.bytes.buffer, backup.bytes.byteOffset, backup.bytes.byteLength));
}
