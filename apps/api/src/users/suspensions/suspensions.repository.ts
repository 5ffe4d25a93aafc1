import { Inject, Injectable } from "@nestjs/common";
import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { accounts, suspensions, type SuspensionRow } from "../../database/schema";
import type { Executor } from "../../database/transaction";
import type { SuspensionsCursor } from "./suspensions-cursor";

export type NewSuspension = { userId: string; reason: string | null; until: Date | null; byId: string };

const inForce = or(isNull(suspensions.until), gt(suspensions.until, sql`now()`));

/** Only this class writes SQL about suspensions. */
@Injectable()
export class SuspensionsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Suspends a registered user, replacing a suspension in force, and revokes every token they hold
   * (the token version the per-request check already reads). Undefined when no such user exists.
   */
  async suspend(tx: Executor, suspension: NewSuspension): Promise<SuspensionRow | undefined> {
    const [user] = await tx
      .update(accounts)
      .set({ tokenVersion: sql`${accounts.tokenVersion} + 1`, keptTokenId: null })
      .where(and(eq(accounts.id, suspension.userId), eq(accounts.role, "user")))
      .returning({ id: accounts.id });
    if (!user) return undefined;
    // The operator's email, as the audit log keeps it: an operator's, never a registered user's.
    const byEmail = sql`(select ${accounts.email} from ${accounts} where ${accounts.id} = ${suspension.byId} and ${accounts.role} <> 'user')`;
    const values = { ...suspension, byEmail, at: sql`now()` };
    const [row] = await tx
      .insert(suspensions)
      .values(values)
      .onConflictDoUpdate({
        target: suspensions.userId,
        set: { reason: values.reason, until: values.until, at: values.at, byId: values.byId, byEmail },
      })
      .returning();
    return row;
  }

  /** Ends the user's suspension in force; false when there was none. */
  async reinstate(tx: Executor, userId: string): Promise<boolean> {
    const rows = await tx
      .delete(suspensions)
      .where(and(eq(suspensions.userId, userId), inForce))
      .returning({ userId: suspensions.userId });
    return rows.length > 0;
  }

  /**
   * Removes the suspensions whose end has come, at most `limit`, and returns their users. Each row is
   * taken by one transaction only (row locks), so two nodes sweeping at once never reinstate twice.
   */
  async takeLapsed(tx: Executor, limit: number): Promise<string[]> {
    const due = tx
      .select({ userId: suspensions.userId })
      .from(suspensions)
      .where(lte(suspensions.until, sql`now()`))
      .orderBy(suspensions.until)
      .limit(limit)
      .for("update", { skipLocked: true });
    const rows = await tx.delete(suspensions).where(inArray(suspensions.userId, due)).returning({ userId: suspensions.userId });
    return rows.map((row) => row.userId);
  }

  /** The suspensions in force, newest first; one row more than asked (the caller learns if a next page exists). */
  async listInForce(limit: number, after?: SuspensionsCursor): Promise<SuspensionRow[]> {
    const before = after && sql`(${suspensions.at}, ${suspensions.userId}) < (${after.at}, ${after.userId})`;
    return this.database.db
      .select()
      .from(suspensions)
      .where(and(inForce, before))
      .orderBy(desc(suspensions.at), desc(suspensions.userId))
      .limit(limit + 1);
  }
}
