import { Inject, Injectable } from "@nestjs/common";
import { and, asc, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { UsersEventName, UsersEventPayload } from "@moien/contracts";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { type UserEventRow, userEvents } from "../../database/schema";
import type { Executor } from "../../database/transaction";

export type PendingEvent = { [E in UsersEventName]: { name: E; payload: UsersEventPayload<E> } }[UsersEventName];

// Any fixed number: one relay pass at a time across every node sharing the database, so rows go out in id order.
const RELAY_LOCK_KEY = 727_002;

/** Only this class writes SQL about the outbox (`Outbox` composes it into transactions). */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** Adds the event to the caller's transaction, so it commits or rolls back with the change. */
  async append(tx: Executor, event: PendingEvent): Promise<void> {
    await tx.insert(userEvents).values({ name: event.name, payload: event.payload });
  }

  /**
   * Erasure, in the deleting transaction: the user's `users.created` and `users.updated` rows (a full
   * PublicUser each) go with the account, published or not — a pending one is no longer worth announcing.
   */
  async forgetUser(tx: Executor, userId: string): Promise<void> {
    await tx
      .delete(userEvents)
      // Literal names, not parameters: the partial index (migration 0006) must be provably usable.
      .where(sql`${userEvents.name} in ('users.created', 'users.updated') and ${userEvents.payload}->>'id' = ${userId}`);
  }

  /**
   * Takes the relay lock, hands the oldest unpublished rows to `publish`, and marks them published
   * in the same transaction; if `publish` throws, nothing is marked and the rows wait for the next pass.
   * Returns how many rows were published.
   */
  async publishPending(limit: number, publish: (rows: UserEventRow[]) => Promise<void>): Promise<number> {
    // The embedded store is one process with one connection: a transaction held across the broadcast
    // would stall every request's SQL behind the fan-out. The relay's own serialisation suffices there.
    if (this.database.kind === "embedded") return this.publishOldest(this.database.db, limit, publish);
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RELAY_LOCK_KEY})`);
      return this.publishOldest(tx, limit, publish);
    });
  }

  /** The oldest unpublished rows to `publish`, then marked published (only if it resolved). */
  private async publishOldest(db: Executor, limit: number, publish: (rows: UserEventRow[]) => Promise<void>): Promise<number> {
    const rows = await db.select().from(userEvents).where(isNull(userEvents.publishedAt)).orderBy(asc(userEvents.id)).limit(limit);
    if (rows.length === 0) return 0;
    await publish(rows);
    const ids = rows.map((r) => r.id);
    await db.update(userEvents).set({ publishedAt: new Date() }).where(inArray(userEvents.id, ids));
    return rows.length;
  }

  /** Unpublished rows after `afterId`, oldest first: what a node cut off from its cluster still delivers itself. */
  async pendingAfter(afterId: number, limit: number): Promise<UserEventRow[]> {
    return this.database.db
      .select()
      .from(userEvents)
      .where(and(isNull(userEvents.publishedAt), gt(userEvents.id, afterId)))
      .orderBy(asc(userEvents.id))
      .limit(limit);
  }

  async prunePublishedBefore(cutoff: Date): Promise<void> {
    await this.database.db.delete(userEvents).where(lt(userEvents.publishedAt, cutoff));
  }

  /** Age in seconds of the oldest unpublished event (0 when none), for health and metrics. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const [row] = await this.database.db
      .select({ age: sql<number>`coalesce(extract(epoch from now() - min(${userEvents.createdAt})), 0)::float8` })
      .from(userEvents)
      .where(isNull(userEvents.publishedAt));
    return Number(row?.age ?? 0);
  }
}
