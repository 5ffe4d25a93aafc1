import { Inject, Injectable } from "@nestjs/common";
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { ConflictError } from "../common/app-errors";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { uniqueViolationConstraint } from "../database/pg-errors";
import { accounts } from "../database/schema";
import { OutboxRepository, type PendingEvent } from "../realtime/outbox.repository";
import type { UserRow } from "./user.mapper";
import type { UsersCursor } from "./users-cursor";

export type NewUser = { fullName: string; countryCode: string; phone: string; email: string; passwordHash: string };
export type ListUsersOptions = { limit: number; after?: UsersCursor; q?: string };

const userColumns = {
  id: accounts.id,
  fullName: accounts.fullName,
  countryCode: accounts.countryCode,
  phone: accounts.phone,
  email: accounts.email,
  createdAt: accounts.createdAt,
};

const isUser = eq(accounts.role, "user");

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Only this class writes SQL about registered users. */
@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Inserts the user and, in the same transaction, the event `announce` makes of the stored row.
   * @throws ConflictError when the email or the phone is taken (the unique indexes decide, even under races).
   */
  async insertUser(user: NewUser, announce: (row: UserRow) => PendingEvent): Promise<UserRow> {
    try {
      return await this.database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(accounts)
          .values({ ...user, role: "user" })
          .returning(userColumns);
        await this.outbox.append(tx, announce(row!));
        return row!;
      });
    } catch (error) {
      const constraint = uniqueViolationConstraint(error);
      if (constraint === undefined) throw error;
      throw new ConflictError(constraint.includes("phone") ? "phone" : "email");
    }
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.database.db.select(userColumns).from(accounts).where(and(isUser, eq(accounts.id, id)));
    return row;
  }

  /** Newest first; one row more than asked so the caller knows whether a next page exists. */
  async listUsers({ limit, after, q }: ListUsersOptions): Promise<UserRow[]> {
    const filters: (SQL | undefined)[] = [isUser];
    if (after) filters.push(sql`(${accounts.createdAt}, ${accounts.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`);
    if (q) filters.push(this.matches(q));
    return this.database.db
      .select(userColumns)
      .from(accounts)
      .where(and(...filters))
      .orderBy(desc(accounts.createdAt), desc(accounts.id))
      .limit(limit + 1);
  }

  /**
   * Deletes the user, its earlier `users.created` events, and records `users.deleted`, in one
   * transaction; false when there was no such user.
   */
  async deleteUserById(id: string): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const rows = await tx
        .delete(accounts)
        .where(and(isUser, eq(accounts.id, id)))
        .returning({ id: accounts.id });
      if (rows.length === 0) return false;
      await this.outbox.forgetUser(tx, id);
      await this.outbox.append(tx, { name: "users.deleted", payload: { id } });
      return true;
    });
  }

  // Name, email or phone contain q, case-insensitively. A q that looks like a phone number
  // ("+352 691", "(691) 23") is compared on its digits, so spacing does not matter.
  private matches(q: string): SQL {
    const pattern = `%${escapeLike(q)}%`;
    const digits = /^[\d\s()+.-]+$/.test(q) ? q.replace(/\D/g, "") : "";
    return or(
      ilike(accounts.fullName, pattern),
      ilike(accounts.email, pattern),
      digits.length > 0 ? sql`${accounts.phone} like ${`%${digits}%`}` : undefined,
    )!;
  }
}
