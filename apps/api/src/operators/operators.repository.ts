import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { OperatorRole } from "@moien/contracts";
import { isOperatorAccount } from "../auth/accounts.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, operatorRecoveryCodes, operatorSessions, operators } from "../database/schema";
import type { Executor } from "../database/transaction";

export type OperatorRow = {
  id: string;
  email: string;
  role: OperatorRole;
  disabledAt: Date | null;
  hasTotp: boolean;
  recoveryCodesLeft: number;
  passwordChangeRequired: boolean;
  lastSignInAt: Date | null;
  activeSessions: number;
  createdAt: Date;
};

const operatorColumns = {
  id: accounts.id,
  email: accounts.email,
  role: sql<OperatorRole>`${accounts.role}`,
  disabledAt: operators.disabledAt,
  hasTotp: sql<boolean>`${operators.totpSecret} is not null`,
  recoveryCodesLeft: sql<number>`(select count(*)::int from ${operatorRecoveryCodes} where ${operatorRecoveryCodes.operatorId} = ${accounts.id})`,
  passwordChangeRequired: sql<boolean>`coalesce(${operators.passwordChangeRequired}, false)`,
  lastSignInAt: operators.lastSignInAt,
  // Open and not past their end; an idle one still counts until it is used or swept (ASVS: visible, endable).
  activeSessions: sql<number>`(select count(*)::int from ${operatorSessions} where ${operatorSessions.operatorId} = ${accounts.id} and ${operatorSessions.endedAt} is null and ${operatorSessions.expiresAt} > now())`,
  createdAt: accounts.createdAt,
};

/** Only this class writes SQL about managing operators (their sessions' endings are OperatorSessionsRepository's). */
@Injectable()
export class OperatorsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async list(): Promise<OperatorRow[]> {
    return this.database.db
      .select(operatorColumns)
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .where(isOperatorAccount)
      .orderBy(asc(accounts.email));
  }

  async find(executor: Executor, id: string): Promise<OperatorRow | undefined> {
    const [row] = await executor
      .select(operatorColumns)
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .where(and(eq(accounts.id, id), isOperatorAccount));
    return row;
  }

  /**
   * The enabled admins, locked until the transaction ends: two admins demoting each other at once
   * queue here, and the second sees the first's change (so one enabled admin always remains).
   */
  async lockEnabledAdmins(tx: Executor): Promise<string[]> {
    const rows = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .where(and(eq(accounts.role, "admin"), isNull(operators.disabledAt)))
      .for("update", { of: accounts });
    return rows.map((row) => row.id);
  }

  /** @returns undefined when the email is taken (by an operator or a registered user) */
  async create(tx: Executor, operator: { email: string; role: OperatorRole; passwordHash: string }): Promise<string | undefined> {
    const [row] = await tx
      .insert(accounts)
      .values({ ...operator, fullName: "Operator" })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    if (row) await tx.insert(operators).values({ accountId: row.id, passwordChangeRequired: true });
    return row?.id;
  }

  /** A change that ends the operator's tokens (role, disabled, factors): the token version moves too. */
  async update(tx: Executor, id: string, change: { role?: OperatorRole; disabled?: boolean; resetFactors?: boolean }): Promise<void> {
    await tx
      .update(accounts)
      .set({ tokenVersion: sql`${accounts.tokenVersion} + 1`, ...(change.role ? { role: change.role } : {}) })
      .where(eq(accounts.id, id));
    const operatorChange = {
      ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? sql`now()` : null }),
      ...(change.resetFactors ? { totpSecret: null, totpLastStep: null } : {}),
    };
    if (Object.keys(operatorChange).length > 0) await tx.update(operators).set(operatorChange).where(eq(operators.accountId, id));
    if (change.resetFactors) await tx.delete(operatorRecoveryCodes).where(eq(operatorRecoveryCodes.operatorId, id));
  }
}
