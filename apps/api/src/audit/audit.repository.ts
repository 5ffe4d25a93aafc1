import { Inject, Injectable } from "@nestjs/common";
import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { AuditAction } from "@moien/contracts";
import { DATABASE } from "../database/database.module";
import type { Database, DatabaseHandle } from "../database/database";
import { accounts, auditLog, type AuditLogRow } from "../database/schema";

/** What a caller records; the actor's email is looked up (admins only) in the same statement. */
export type AuditRecord = {
  action: AuditAction;
  /** The admin who acted, or null (a user's own erasure, the admin command, the first start). */
  actorId: string | null;
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId: string | null;
};

export type AuditPageOptions = { limit: number; beforeId?: number; action?: AuditAction };

type Executor = Pick<Database, "insert">;

/** The actor's email as SQL, looked up in the writing statement: an operator's only, never a user's. */
export const actorEmailOf = (actorId: string | null): SQL | null =>
  actorId === null
    ? null
    : sql`(select ${accounts.email} from ${accounts} where ${accounts.id} = ${actorId} and ${accounts.role} <> 'user')`;

/** Only this class writes SQL about the audit log. It has no method that changes an entry. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Adds the entry to the caller's transaction (or, with the database itself, on its own), so it
   * commits or rolls back with the action. The actor email is an admin's only: a registered user's
   * email can never be copied here (the check constraint then refuses the row).
   */
  async record(tx: Executor, entry: AuditRecord): Promise<void> {
    await tx.insert(auditLog).values({
      action: entry.action,
      actorId: entry.actorId,
      actorEmail: actorEmailOf(entry.actorId),
      targetId: entry.targetId,
      details: entry.details ?? {},
      requestId: entry.requestId,
    });
  }

  /** Outside any other transaction: sign-ins and exports, which change nothing else. */
  recordAlone(entry: AuditRecord): Promise<void> {
    return this.record(this.database.db, entry);
  }

  /** Newest first (id desc); one row more than asked so the caller knows whether a next page exists. */
  async listPage({ limit, beforeId, action }: AuditPageOptions): Promise<AuditLogRow[]> {
    const where: (SQL | undefined)[] = [];
    if (beforeId !== undefined) where.push(lt(auditLog.id, beforeId));
    if (action) where.push(eq(auditLog.action, action));
    return this.database.db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
  }

  /** The entries of the last `seconds`, oldest first (the live feed; `audit_log_at_idx` serves it). */
  async listRecent(seconds: number): Promise<AuditLogRow[]> {
    return this.database.db
      .select()
      .from(auditLog)
      .where(gt(auditLog.at, sql`now() - make_interval(secs => ${seconds})`))
      .orderBy(asc(auditLog.id));
  }

  /** Removes the entries recorded before `cutoff`; returns how many. */
  async pruneBefore(cutoff: Date): Promise<number> {
    const rows = await this.database.db.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id });
    return rows.length;
  }
}
