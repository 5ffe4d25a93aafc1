import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { OperatorRole, Role } from "@moien/contracts";
import { AuditRepository } from "../audit/audit.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, operatorRecoveryCodes, operatorSessions, operators, suspensions } from "../database/schema";
import type { Executor } from "../database/transaction";
import type { SessionState } from "./sessions/session-rules";

/** `suspended`: a suspension in force (its end, if any, not yet come). */
export type AccountCredentials = {
  id: string;
  role: Role;
  passwordHash: string;
  tokenVersion: number;
  suspended: boolean;
  disabled: boolean;
  hasFactor: boolean;
  passwordChangeRequired: boolean;
};

/** What one request needs to know about its token's account (and an operator's session). */
export type AccountIdentity = {
  id: string;
  role: Role;
  tokenVersion: number;
  keptTokenId: string | null;
  disabled: boolean;
  hasFactor: boolean;
  /** The session the token names (null when it names none, or none that exists). */
  session: (SessionState & { id: string; mfaVerifiedAt: Date | null }) | null;
};

/** Who created or reset an operator from outside the console, as the audit entry records it. */
export type AdminUpsertVia = "command" | "first-start";

export type OperatorUpsert = {
  email: string;
  /** Undefined: a new operator is an admin, an existing one keeps their role. */
  role?: OperatorRole;
  /** Undefined: keep the password (an existing operator's role or factors only). */
  passwordHash?: string;
  passwordChangeRequired?: boolean;
  totpSecret?: string;
  resetFactors?: boolean;
};

type IdentityRow = {
  id: string;
  role: Role;
  token_version: number;
  kept_token_id: string | null;
  disabled: boolean;
  has_factor: boolean;
  session_id: string | null;
  ended_at: string | Date | null;
  expires_at: string | Date | null;
  last_active_at: string | Date | null;
  mfa_verified_at: string | Date | null;
};

/** Operators are every account that is not a registered user. */
export const isOperatorAccount = ne(accounts.role, "user");

const asDate = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

function toIdentity(row: IdentityRow): AccountIdentity {
  const session =
    row.session_id === null || row.expires_at === null || row.last_active_at === null
      ? null
      : {
          id: row.session_id,
          endedAt: asDate(row.ended_at),
          expiresAt: new Date(row.expires_at),
          lastActiveAt: new Date(row.last_active_at),
          mfaVerifiedAt: asDate(row.mfa_verified_at),
        };
  return {
    id: row.id,
    role: row.role,
    tokenVersion: row.token_version,
    keptTokenId: row.kept_token_id,
    disabled: row.disabled,
    hasFactor: row.has_factor,
    session,
  };
}

/** Only this class writes SQL about signing in and the accounts behind tokens. */
@Injectable()
export class AccountsRepository {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly audit: AuditRepository,
  ) {}

  async findCredentialsByEmail(email: string): Promise<AccountCredentials | undefined> {
    const [row] = await this.database.db
      .select({
        id: accounts.id,
        role: accounts.role,
        passwordHash: accounts.passwordHash,
        tokenVersion: accounts.tokenVersion,
        suspended: sql<boolean>`${suspensions.userId} is not null`,
        disabled: sql<boolean>`${operators.disabledAt} is not null`,
        hasFactor: sql<boolean>`${operators.totpSecret} is not null`,
        passwordChangeRequired: sql<boolean>`coalesce(${operators.passwordChangeRequired}, false)`,
      })
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .leftJoin(suspensions, and(eq(suspensions.userId, accounts.id), or(isNull(suspensions.until), gt(suspensions.until, sql`now()`))))
      .where(eq(accounts.email, email));
    return row;
  }

  /**
   * The lookup behind an authenticated request: the account and, for an operator, the session its token
   * names, in one round trip. Operators' answers are kept per node (IdentityCache); the session's
   * `last_active_at` is written apart (`touchSessions`), not a write per request.
   */
  async findIdentity(id: string, sessionId: string | null): Promise<AccountIdentity | undefined> {
    const [row] = await this.findIdentities([{ id, sessionId }]);
    return row;
  }

  /** `findIdentity` for many at once (the socket sweep). */
  async findIdentities(keys: { id: string; sessionId: string | null | undefined }[]): Promise<AccountIdentity[]> {
    if (keys.length === 0) return [];
    const ids = [...new Set(keys.map((k) => k.id))];
    const sessionIds = [...new Set(keys.flatMap((k) => (k.sessionId ? [k.sessionId] : [])))];
    // A plain read: folding the touch into it as a data-modifying CTE made every request a write
    // statement, and list throughput on the embedded store fell to 0.73x (bench/RESULTS.md, A/B).
    // Without a session (a registered user's token) one table is enough: each joined table costs
    // ~0.1 ms per request on the embedded store. An operator without a session is refused anyway.
    const result = await this.database.db.execute(
      sessionIds.length === 0
        ? sql`
      select a.id, a.role, a.token_version, a.kept_token_id, false as disabled, false as has_factor,
             null as session_id, null as ended_at, null as expires_at, null as last_active_at, null as mfa_verified_at
      from ${accounts} a where a.id = any(${sql.param(ids)}::uuid[])`
        : sql`
      select a.id, a.role, a.token_version, a.kept_token_id, o.disabled_at is not null as disabled,
             o.totp_secret is not null as has_factor,
             s.id as session_id, s.ended_at, s.expires_at, s.last_active_at, s.mfa_verified_at
      from ${accounts} a
      left join ${operators} o on o.account_id = a.id
      left join ${operatorSessions} s on s.operator_id = a.id and s.id = any(${sql.param(sessionIds)}::uuid[])
      where a.id = any(${sql.param(ids)}::uuid[])`,
    );
    return (result as { rows: IdentityRow[] }).rows.map(toIdentity);
  }

  /** Marks open sessions active now (their idle timeout starts again). */
  async touchSessions(sessionIds: string[]): Promise<void> {
    await this.database.db.execute(sql`
      update ${operatorSessions} set last_active_at = now()
      where id = any(${sql.param(sessionIds)}::uuid[]) and ended_at is null`);
  }

  /** An operator as their own session pages show them, with the password hash for a password change. */
  async findOperatorProfile(id: string): Promise<{ email: string; role: Role; hasFactor: boolean; passwordHash: string } | undefined> {
    const [row] = await this.database.db
      .select({
        email: accounts.email,
        role: accounts.role,
        hasFactor: sql<boolean>`${operators.totpSecret} is not null`,
        passwordHash: accounts.passwordHash,
      })
      .from(accounts)
      .leftJoin(operators, eq(operators.accountId, accounts.id))
      .where(and(eq(accounts.id, id), isOperatorAccount));
    return row;
  }

  async setOperatorPassword(tx: Executor, id: string, passwordHash: string): Promise<void> {
    await tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, id));
    await tx.update(operators).set({ passwordChangeRequired: false }).where(eq(operators.accountId, id));
  }

  async adminExists(): Promise<boolean> {
    const [row] = await this.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, "admin")).limit(1);
    return row !== undefined;
  }

  /** Records a completed sign-in (the operators page shows it). */
  async markSignedIn(id: string): Promise<void> {
    await this.database.db
      .update(operators)
      .set({ lastSignInAt: sql`now()` })
      .where(eq(operators.accountId, id));
  }

  /**
   * Creates the operator, or changes the one with that email (role, password, factors); any change
   * of an existing operator revokes its tokens and ends its sessions; audited in the same transaction.
   * A password reset never removes a factor. Returns null when the email belongs to a registered user.
   */
  async upsertOperator(change: OperatorUpsert, via: AdminUpsertVia): Promise<"created" | "updated" | null> {
    return this.database.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: accounts.id, role: accounts.role })
        .from(accounts)
        .where(eq(accounts.email, change.email))
        .for("update");
      if (existing?.role === "user") return null;
      if (!existing) {
        if (change.passwordHash === undefined) throw new Error("a new operator needs a password");
        const [row] = await tx
          .insert(accounts)
          .values({ email: change.email, passwordHash: change.passwordHash, role: change.role ?? "admin", fullName: "Operator" })
          .returning({ id: accounts.id });
        if (!row) throw new Error("insert returned no row");
        await tx.insert(operators).values({
          accountId: row.id,
          passwordChangeRequired: change.passwordChangeRequired ?? false,
          totpSecret: change.totpSecret ?? null,
        });
        // The operator's email is an operator's, not a registered user's: it may be kept.
        await this.audit.record(tx, {
          action: "admin.created",
          actorId: null,
          targetId: row.id,
          details: { email: change.email, role: change.role ?? "admin", via },
          requestId: null,
        });
        return "created";
      }
      await tx
        .update(accounts)
        .set({
          role: change.role ?? existing.role,
          tokenVersion: sql`${accounts.tokenVersion} + 1`,
          keptTokenId: null,
          ...(change.passwordHash !== undefined ? { passwordHash: change.passwordHash } : {}),
        })
        .where(eq(accounts.id, existing.id));
      const operatorChange = {
        ...(change.passwordHash !== undefined ? { passwordChangeRequired: change.passwordChangeRequired ?? false } : {}),
        ...(change.resetFactors ? { totpSecret: null, totpLastStep: null } : {}),
      };
      await tx
        .insert(operators)
        .values({ accountId: existing.id, ...operatorChange })
        .onConflictDoUpdate({ target: operators.accountId, set: { ...operatorChange, accountId: existing.id } });
      if (change.resetFactors) await tx.delete(operatorRecoveryCodes).where(eq(operatorRecoveryCodes.operatorId, existing.id));
      await tx
        .update(operatorSessions)
        .set({ endedAt: sql`now()`, endedReason: "ended-by-admin" })
        .where(and(eq(operatorSessions.operatorId, existing.id), isNull(operatorSessions.endedAt)));
      const details = { email: change.email, via };
      if (change.passwordHash !== undefined) {
        await this.audit.record(tx, { action: "admin.password_reset", actorId: null, targetId: existing.id, details, requestId: null });
      }
      if (change.role !== undefined && change.role !== existing.role) {
        await this.audit.record(tx, {
          action: "operator.role_changed",
          actorId: null,
          targetId: existing.id,
          details: { ...details, from: existing.role, to: change.role },
          requestId: null,
        });
      }
      if (change.resetFactors) {
        await this.audit.record(tx, { action: "operator.mfa_reset", actorId: null, targetId: existing.id, details, requestId: null });
      }
      return "updated";
    });
  }
}
