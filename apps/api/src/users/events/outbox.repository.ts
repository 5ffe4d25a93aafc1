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

  /** Adds the event to the caller's transaction, so it commits or rolls back with the change. Returns its id. */
  async append(tx: Executor, event: PendingEvent): Promise<number> {
    const [row] = await tx.insert(userEvents).values({ name: event.name, payload: event.payload }).returning({ id: userEvents.id });
    if (!row) throw new Error("the outbox insert returned no id");
    return row.id;
  }

  /**
   * Runs `work` holding the relay lock: one relay pass at a time across every node sharing the
   * database, so rows go out in id order. On PostgreSQL a transaction-scoped advisory lock; the
   * embedded store is one process with one connection, where a transaction held across the broadcast
   * would stall every request's SQL behind the fan-out, and the relay's own serialisation suffices.
   */
  async withRelayLock<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    if (this.database.kind === "embedded") return work(this.database.db);
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RELAY_LOCK_KEY})`);
      return work(tx);
    });
  }

  /** The oldest unpublished rows, at most `limit`. */
  async oldestPending(tx: Executor, limit: number): Promise<UserEventRow[]> {
    return tx.select().from(userEvents).where(isNull(userEvents.publishedAt)).orderBy(asc(userEvents.id)).limit(limit);
  }

  /** Marks rows published (by a relay pass, in its lock; or after a commit's direct hand-off, outside it). */
  async markPublished(ids: readonly number[], tx: Executor = this.database.db): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .update(userEvents)
      .set({ publishedAt: new Date() })
      .where(inArray(userEvents.id, [...ids]));
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
