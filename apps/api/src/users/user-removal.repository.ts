import { Inject, Injectable } from "@nestjs/common";
import { sql } from "drizzle-orm";
import { actorEmailOf, type AuditRecord } from "../audit/audit.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, auditLog, userEvents } from "../database/schema";
import type { CommittedEvent } from "./events/outbox";

/**
 * A user's removal (an erasure or an admin's deletion) in one statement that commits on its own: one
 * round trip, where a transaction took six (BEGIN, four statements, COMMIT: bench/HISTORY.md). It
 * spans three tables, hence its own repository; the outbox's and the audit log's rules are the same
 * as in their repositories.
 */
@Injectable()
export class UserRemovalRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Deletes the registered user `id` (the counters' trigger and the suspension's cascade follow),
   * their users.created and users.updated outbox rows (erasure: a whole profile each, published or
   * not), and writes the users.deleted event and the audit entry. Returns the event, or null when no
   * such user existed (then nothing was written).
   */
  async removeUser(id: string, audit: AuditRecord): Promise<CommittedEvent | null> {
    const result = await this.database.db.execute(sql`
      with deleted as (
        delete from ${accounts} where ${accounts.id} = ${id} and ${accounts.role} = 'user' returning ${accounts.id}
      ), forgotten as (
        -- Literal names, not parameters: the partial index (migration 0006) must be provably usable.
        delete from ${userEvents}
        where ${userEvents.name} in ('users.created', 'users.updated') and ${userEvents.payload}->>'id' = ${id}
          and exists (select from deleted)
      ), audited as (
        insert into ${auditLog} (action, actor_id, actor_email, target_id, request_id)
        select ${audit.action}::text, ${audit.actorId}::uuid, ${actorEmailOf(audit.actorId)}, deleted.id, ${audit.requestId}::text
        from deleted
      )
      insert into ${userEvents} (name, payload)
      select 'users.deleted', jsonb_build_object('id', deleted.id) from deleted
      returning ${userEvents.id}`);
    // Both stores answer through node-postgres: a QueryResult with `rows`.
    const [row] = (result as { rows: { id: number | string }[] }).rows;
    return row ? { id: Number(row.id), name: "users.deleted", payload: { id } } : null;
  }
}
