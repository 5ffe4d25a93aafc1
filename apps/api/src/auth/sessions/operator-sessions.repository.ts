import { Inject, Injectable } from "@nestjs/common";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { operatorSessions, type OperatorSessionRow } from "../../database/schema";
import type { Executor } from "../../database/transaction";

export type NewSession = {
  operatorId: string;
  address: string | null;
  userAgent: string | null;
  maxAgeSeconds: number;
  mfaVerified: boolean;
};
export type SessionEndReason =
  "sign-out" | "ended-by-operator" | "ended-by-admin" | "role-changed" | "disabled" | "password-changed" | "factors-reset";

/** Only this class writes SQL about operator sessions (the per-request read is AccountsRepository's one lookup). */
@Injectable()
export class OperatorSessionsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async create(tx: Executor, session: NewSession): Promise<OperatorSessionRow> {
    const [row] = await tx
      .insert(operatorSessions)
      .values({
        operatorId: session.operatorId,
        address: session.address,
        userAgent: session.userAgent,
        expiresAt: sql`now() + make_interval(secs => ${session.maxAgeSeconds})`,
        mfaVerifiedAt: session.mfaVerified ? sql`now()` : null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return row;
  }

  /** The operator's sessions that have not ended or expired (idle ones included: the caller filters), newest first. */
  async listOpen(operatorId: string): Promise<OperatorSessionRow[]> {
    return this.database.db
      .select()
      .from(operatorSessions)
      .where(and(eq(operatorSessions.operatorId, operatorId), isNull(operatorSessions.endedAt), gt(operatorSessions.expiresAt, sql`now()`)))
      .orderBy(desc(operatorSessions.createdAt));
  }

  async findOpen(id: string): Promise<OperatorSessionRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(operatorSessions)
      .where(and(eq(operatorSessions.id, id), isNull(operatorSessions.endedAt)));
    return row;
  }

  /** Ends one session; false when it was not open. */
  async end(tx: Executor, id: string, reason: SessionEndReason): Promise<boolean> {
    const rows = await tx
      .update(operatorSessions)
      .set({ endedAt: sql`now()`, endedReason: reason })
      .where(and(eq(operatorSessions.id, id), isNull(operatorSessions.endedAt)))
      .returning({ id: operatorSessions.id });
    return rows.length > 0;
  }

  /** Ends every open session of the operator (but `except`); returns how many. */
  async endAllOf(tx: Executor, operatorId: string, reason: SessionEndReason, except?: string): Promise<number> {
    const rows = await tx
      .update(operatorSessions)
      .set({ endedAt: sql`now()`, endedReason: reason })
      .where(
        and(
          eq(operatorSessions.operatorId, operatorId),
          isNull(operatorSessions.endedAt),
          except ? sql`${operatorSessions.id} <> ${except}` : undefined,
        ),
      )
      .returning({ id: operatorSessions.id });
    return rows.length;
  }

  async markFactorVerified(id: string): Promise<Date> {
    const [row] = await this.database.db
      .update(operatorSessions)
      .set({ mfaVerifiedAt: sql`now()` })
      .where(eq(operatorSessions.id, id))
      .returning({ at: operatorSessions.mfaVerifiedAt });
    return row?.at ?? new Date();
  }
}
