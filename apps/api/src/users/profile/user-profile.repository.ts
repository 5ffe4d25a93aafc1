import { Inject, Injectable } from "@nestjs/common";
import { and, eq, sql } from "drizzle-orm";
import type { UpdatableUserField } from "@moien/contracts";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { accounts } from "../../database/schema";
import type { Executor } from "../../database/transaction";
import type { UserRow } from "../user.mapper";
import { asConflict, isUser, userColumns } from "../users.repository";

export type ProfileChanges = Partial<Record<UpdatableUserField, string>>;

/**
 * Only this class writes SQL about changing a registered user's profile or password. The generated
 * search column and the statistics triggers follow the row by themselves (migrations 0002, 0003).
 */
@Injectable()
export class UserProfileRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** The user, locked until the caller's transaction ends: concurrent updates of one user queue here. */
  async findUserForUpdate(tx: Executor, id: string): Promise<UserRow | undefined> {
    const [row] = await tx
      .select(userColumns)
      .from(accounts)
      .where(and(isUser, eq(accounts.id, id)))
      .for("update");
    return row;
  }

  /** @throws ConflictError when the new email or phone is taken (the unique indexes decide, even under races). */
  async updateProfile(tx: Executor, id: string, changes: ProfileChanges): Promise<UserRow> {
    try {
      const [row] = await tx
        .update(accounts)
        .set(changes)
        .where(and(isUser, eq(accounts.id, id)))
        .returning(userColumns);
      if (!row) throw new Error("update returned no row");
      return row;
    } catch (error) {
      throw asConflict(error);
    }
  }

  async findPasswordHash(id: string): Promise<string | undefined> {
    const [row] = await this.database.db
      .select({ passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(and(isUser, eq(accounts.id, id)));
    return row?.passwordHash;
  }

  /** Sets the password and revokes every token but `keptTokenId` (the one that made the change). */
  async setPassword(tx: Executor, id: string, passwordHash: string, keptTokenId: string | null): Promise<void> {
    await tx
      .update(accounts)
      .set({ passwordHash, keptTokenId, tokenVersion: sql`${accounts.tokenVersion} + 1` })
      .where(and(isUser, eq(accounts.id, id)));
  }
}
