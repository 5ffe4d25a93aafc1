import { randomBytes, timingSafeEqual } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { AuditRepository } from "../audit/audit.repository";
import type { Principal } from "../auth/principal";
import { BackupNotEmbeddedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import type { DatabaseHandle } from "../database/database";
import { DATABASE } from "../database/database.module";
import { schemaVersionOf } from "../database/schema-version";
import { assertSteppedUp } from "../users/users-export.service";

export type Backup = { filename: string; schemaTag: string; bytes: Uint8Array };

/** Where a running embedded node tells `npm run backup` how to reach it (DATA_DIR, readable by its owner only). */
export const BACKUP_ACCESS_FILE = "backup-access.json";
export type BackupAccess = { url: string; key: string; pid: number };

/**
 * Backups of the running embedded store: a consistent copy of its files (embedded-store.worker.ts),
 * with the schema version it was taken at, audited. For an admin in the console (step-up, as exports),
 * or for `npm run backup` on the same machine, which proves itself with the key this node wrote into
 * DATA_DIR: whoever can read that file can read the whole store anyway.
 */
@Injectable()
export class BackupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly key = randomBytes(32).toString("base64url");
  private readonly accessFile: string;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.accessFile = join(config.dataDir, BACKUP_ACCESS_FILE);
  }

  onApplicationBootstrap(): void {
    if (!this.database.backup) return;
    const host = ["0.0.0.0", "::", ""].includes(this.config.host) ? "127.0.0.1" : this.config.host;
    const access: BackupAccess = {
      url: `http://${host.includes(":") ? `[${host}]` : host}:${this.config.port}`,
      key: this.key,
      pid: process.pid,
    };
    writeFileSync(this.accessFile, JSON.stringify(access), { mode: 0o600 });
  }

  onApplicationShutdown(): void {
    if (this.database.backup) rmSync(this.accessFile, { force: true });
  }

  matchesLocalKey(given: string | undefined): boolean {
    if (!given) return false;
    const [a, b] = [Buffer.from(given), Buffer.from(this.key)];
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * A backup taken now, by an admin (`actor`) or the local command (null); audited once it is taken.
   * @throws BackupNotEmbeddedError on PostgreSQL; StepUpRequiredError
   */
  async takeOrThrow(actor: Principal | null, requestId: string | null): Promise<Backup> {
    const backup = this.database.backup;
    if (!backup) throw new BackupNotEmbeddedError();
    if (actor) assertSteppedUp(actor);
    const version = await schemaVersionOf(this.database.db);
    const bytes = await backup();
    await this.audit.recordAlone({
      action: "backup.downloaded",
      actorId: actor?.id ?? null,
      targetId: null,
      details: { via: actor ? "console" : "command", schema: version.tag, bytes: bytes.byteLength },
      requestId,
    });
    const day = new Date().toISOString().slice(0, 10);
    return { filename: `moien-backup-${day}-${version.tag.slice(0, 4)}.tar.gz`, schemaTag: version.tag, bytes };
  }
}
