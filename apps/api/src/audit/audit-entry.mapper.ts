import type { AuditEntry } from "@moien/contracts";
import type { AuditLogRow } from "../database/schema";

/** The only way a stored entry becomes wire data. */
export function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    action: row.action,
    actor: row.actorId === null ? null : { id: row.actorId, email: row.actorEmail ?? "" },
    target: row.targetId === null ? null : { id: row.targetId },
    details: row.details,
    requestId: row.requestId,
  };
}
