import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { accounts, mfaChallenges, type MfaChallengeRow, operatorRecoveryCodes, operators } from "../../database/schema";
import type { Executor } from "../../database/transaction";

// A challenge dies after this many wrong codes.
export const MAX_FAILURES = 5;

export type ChallengeOperator = {
  id: string;
  email: string;
  role: string;
  totpSecret: string | null;
  totpLastStep: number | null;
  passwordChangeRequired: boolean;
};

/** Only this class writes SQL about challenges, TOTP secrets and recovery codes. */
@Injectable()
export class MfaRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async createChallenge(row: { idHash: string; operatorId: string; kind: "verify" | "enroll"; ttlSeconds: number }): Promise<void> {
    await this.database.db.insert(mfaChallenges).values({
      idHash: row.idHash,
      operatorId: row.operatorId,
      kind: row.kind,
      expiresAt: sql`now() + make_interval(secs => ${row.ttlSeconds})`,
    });
    // Old challenges serve no one: swept as new ones are made.
    await this.database.db.delete(mfaChallenges).where(lt(mfaChallenges.expiresAt, sql`now() - interval '1 hour'`));
  }

  /** The challenge, if it can still be answered: not used, not expired, fewer than 5 wrong codes. */
  async findLiveChallenge(idHash: string): Promise<MfaChallengeRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(mfaChallenges)
      .where(
        and(
          eq(mfaChallenges.idHash, idHash),
          isNull(mfaChallenges.usedAt),
          gt(mfaChallenges.expiresAt, sql`now()`),
          lt(mfaChallenges.failures, MAX_FAILURES),
        ),
      );
    return row;
  }

  async countFailure(idHash: string): Promise<void> {
    await this.database.db
      .update(mfaChallenges)
      .set({ failures: sql`${mfaChallenges.failures} + 1` })
      .where(eq(mfaChallenges.idHash, idHash));
  }

  /** Uses the challenge; false when another request used it first (a challenge is used once). */
  async useChallenge(tx: Executor, idHash: string): Promise<boolean> {
    const rows = await tx
      .update(mfaChallenges)
      .set({ usedAt: sql`now()` })
      .where(and(eq(mfaChallenges.idHash, idHash), isNull(mfaChallenges.usedAt)))
      .returning({ idHash: mfaChallenges.idHash });
    return rows.length > 0;
  }

  async setPendingSecret(idHash: string, secret: string): Promise<void> {
    await this.database.db.update(mfaChallenges).set({ pendingSecret: secret }).where(eq(mfaChallenges.idHash, idHash));
  }

  async findOperator(id: string): Promise<ChallengeOperator | undefined> {
    const [row] = await this.database.db
      .select({
        id: accounts.id,
        email: accounts.email,
        role: accounts.role,
        totpSecret: operators.totpSecret,
        totpLastStep: operators.totpLastStep,
        passwordChangeRequired: sql<boolean>`coalesce(${operators.passwordChangeRequired}, false)`,
      })
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .where(eq(accounts.id, id));
    return row;
  }

  /** Records `step` as the last TOTP step accepted; false when that step (or a later one) was accepted already: a replay. */
  async acceptTotpStep(operatorId: string, step: number): Promise<boolean> {
    const rows = await this.database.db
      .update(operators)
      .set({ totpLastStep: step })
      .where(and(eq(operators.accountId, operatorId), sql`(${operators.totpLastStep} is null or ${operators.totpLastStep} < ${step})`))
      .returning({ id: operators.accountId });
    return rows.length > 0;
  }

  /** Uses a recovery code: true when it was one of the operator's and unused (it is gone now). */
  async useRecoveryCode(operatorId: string, codeHash: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(operatorRecoveryCodes)
      .where(and(eq(operatorRecoveryCodes.operatorId, operatorId), eq(operatorRecoveryCodes.codeHash, codeHash)))
      .returning({ codeHash: operatorRecoveryCodes.codeHash });
    return rows.length > 0;
  }

  /** The first sign-in's setup: the factor (secret, the step its confirming code used, fresh recovery codes) and the new password. */
  async completeSetup(
    tx: Executor,
    operatorId: string,
    setup: { totpSecret: string | null; totpStep: number | null; recoveryCodeHashes: string[]; passwordHash: string | null },
  ): Promise<void> {
    const changes = {
      ...(setup.totpSecret ? { totpSecret: setup.totpSecret, totpLastStep: setup.totpStep } : {}),
      ...(setup.passwordHash ? { passwordChangeRequired: false } : {}),
    };
    if (Object.keys(changes).length > 0) await tx.update(operators).set(changes).where(eq(operators.accountId, operatorId));
    if (setup.passwordHash) await tx.update(accounts).set({ passwordHash: setup.passwordHash }).where(eq(accounts.id, operatorId));
    if (setup.recoveryCodeHashes.length > 0) {
      await tx.delete(operatorRecoveryCodes).where(eq(operatorRecoveryCodes.operatorId, operatorId));
      await tx.insert(operatorRecoveryCodes).values(setup.recoveryCodeHashes.map((codeHash) => ({ operatorId, codeHash })));
    }
  }
}
