import { Inject, Injectable } from "@nestjs/common";
import type { AuditPage, AuditQuery } from "@moien/contracts";
import { ValidationError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { decodeAuditCursor, encodeAuditCursor } from "./audit-cursor";
import { toAuditEntry } from "./audit-entry.mapper";
import { AuditRepository } from "./audit.repository";

export type ListAuditCommand = { limit: number; cursor?: string; action?: AuditQuery["action"] };

/** Reading and pruning the audit log. Entries are written by the repository, in the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {}

  /** @throws ValidationError when the cursor was not made by the server. */
  async list({ limit, cursor, action }: ListAuditCommand): Promise<AuditPage> {
    const beforeId = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    if (beforeId === null) throw new ValidationError([{ field: "cursor", message: "cursor is not valid" }]);
    const rows = await this.audit.listPage({ limit, beforeId, action });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toAuditEntry), nextCursor: rows.length > limit && last ? encodeAuditCursor(last.id) : null };
  }

  /** Removes what is older than AUDIT_RETENTION; returns how many entries. */
  pruneExpired(now: Date = new Date()): Promise<number> {
    return this.audit.pruneBefore(new Date(now.getTime() - this.config.audit.retentionSeconds * 1000));
  }
}
