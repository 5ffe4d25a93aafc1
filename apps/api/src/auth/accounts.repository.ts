import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Role } from "@moien/contracts";
import { AuditRepository } from "../audit/audit.repository";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, suspensions } from "../database/schema";

/** `suspended`: a suspension in force (its end, if any, not yet come). */
export type AccountCredentials = { id: string; role: Role; passwordHash: string; tokenVersion: number; suspended: boolean };
export type AccountIdentity = { id: string; role: Role; tokenVersion: number; keptTokenId: string | null };
/** Who created or reset an admin, as the audit entry records it. */
export type AdminUpsertVia = "command" | "first-start";

/** Only this class writes SQL about logging in and admin accounts. */
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
      })
      .from(accounts)
      .leftJoin(suspensions, and(eq(suspensions.userId, accounts.id), or(isNull(suspensions.until), gt(suspensions.until, sql`now()`))))
      .where(eq(accounts.email, email));
    return row;
  }

  async findIdentityById(id: string): Promise<AccountIdentity | undefined> {
    const [row] = await this.findIdentitiesByIds([id]);
    return row;
  }

  async findIdentitiesByIds(ids: string[]): Promise<AccountIdentity[]> {
    if (ids.length === 0) return [];
    return this.database.db
      .select({ id: accounts.id, role: accounts.role, tokenVersion: accounts.tokenVersion, keptTokenId: accounts.keptTokenId })
      .from(accounts)
      .where(inArray(accounts.id, ids));
  }

  async adminExists(): Promise<boolean> {
    const [row] = await this.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, "admin")).limit(1);
    return row !== undefined;
  }

  /**
   * Creates the admin, or resets the password of the admin with that email; a reset revokes
   * every token issued before it; audited in the same transaction. Returns null when the email
   * belongs to a registered user (and records nothing).
   */
  async upsertAdmin(email: string, passwordHash: string, via: AdminUpsertVia): Promise<"created" | "reset" | null> {
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({ email, passwordHash, role: "admin", fullName: "Administrator" })
        .onConflictDoUpdate({
          target: accounts.email,
          set: { passwordHash, tokenVersion: sql`${accounts.tokenVersion} + 1`, keptTokenId: null },
          setWhere: eq(accounts.role, "admin"),
        })
        .returning({ id: accounts.id, tokenVersion: accounts.tokenVersion });
      if (!row) return null;
      const outcome = row.tokenVersion === 0 ? "created" : "reset";
      // The admin's email is an operator's, not a registered user's: it may be kept.
      await this.audit.record(tx, {
        action: outcome === "created" ? "admin.created" : "admin.password_reset",
        actorId: null,
        targetId: row.id,
        details: { email, via },
        requestId: null,
      });
      return outcome;
    });
  }
}
