import { Inject, Injectable } from "@nestjs/common";
import { eq, inArray, sql } from "drizzle-orm";
import type { Role } from "@moien/contracts";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts } from "../database/schema";

export type AccountCredentials = { id: string; role: Role; passwordHash: string; tokenVersion: number };
export type AccountIdentity = { id: string; role: Role; tokenVersion: number };

/** Only this class writes SQL about logging in and admin accounts. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async findCredentialsByEmail(email: string): Promise<AccountCredentials | undefined> {
    const [row] = await this.database.db
      .select({ id: accounts.id, role: accounts.role, passwordHash: accounts.passwordHash, tokenVersion: accounts.tokenVersion })
      .from(accounts)
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
      .select({ id: accounts.id, role: accounts.role, tokenVersion: accounts.tokenVersion })
      .from(accounts)
      .where(inArray(accounts.id, ids));
  }

  async adminExists(): Promise<boolean> {
    const [row] = await this.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, "admin")).limit(1);
    return row !== undefined;
  }

  /**
   * Creates the admin, or resets the password of the admin with that email; a reset revokes
   * every token issued before it. Returns null when the email belongs to a registered user.
   */
  async upsertAdmin(email: string, passwordHash: string): Promise<"created" | "reset" | null> {
    const rows = await this.database.db
      .insert(accounts)
      .values({ email, passwordHash, role: "admin", fullName: "Administrator" })
      .onConflictDoUpdate({
        target: accounts.email,
        set: { passwordHash, tokenVersion: sql`${accounts.tokenVersion} + 1` },
        setWhere: eq(accounts.role, "admin"),
      })
      .returning({ tokenVersion: accounts.tokenVersion });
    const [row] = rows;
    if (!row) return null;
    return row.tokenVersion === 0 ? "created" : "reset";
  }
}
