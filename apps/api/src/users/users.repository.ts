import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { UsersFilters, UsersOrder } from "@moien/contracts";
import { ConflictError } from "../common/app-errors";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { uniqueViolationConstraint } from "../database/pg-errors";
import { accounts } from "../database/schema";
import type { Executor } from "../database/transaction";
import type { UserRow } from "./user.mapper";
import type { UsersCursor } from "./users-cursor";

export type NewUser = { fullName: string; countryCode: string; phone: string; email: string; passwordHash: string };
// TEMPORARY (audit-export branch): `order` and `filters` added so the export can run; the scale
// branch's listUsers({ limit, after, order, filters }) replaces this whole method on merge.
export type ListUsersOptions = { limit: number; after?: UsersCursor; q?: string; order?: UsersOrder; filters?: UsersFilters };

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
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** @throws ConflictError when the email or the phone is taken (the unique indexes decide, even under races). */
  async insertUser(tx: Executor, user: NewUser): Promise<UserRow> {
    try {
      const [row] = await tx
        .insert(accounts)
        .values({ ...user, role: "user" })
        .returning(userColumns);
      if (!row) throw new Error("insert returned no row");
      return row;
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

  /** Newest (or oldest) first; one row more than asked so the caller knows whether a next page exists. */
  async listUsers({ limit, after, q, order = "newest", filters: given = {} }: ListUsersOptions): Promise<UserRow[]> {
    const filters: (SQL | undefined)[] = [isUser];
    const newest = order === "newest";
    if (after) {
      const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
      filters.push(newest ? sql`(${accounts.createdAt}, ${accounts.id}) < ${position}` : sql`(${accounts.createdAt}, ${accounts.id}) > ${position}`);
    }
    const search = q ?? given.q;
    if (search) filters.push(this.matches(search));
    if (given.country?.length) filters.push(inArray(accounts.countryCode, given.country));
    if (given.registeredFrom) filters.push(gte(accounts.createdAt, given.registeredFrom));
    if (given.registeredTo) filters.push(lt(accounts.createdAt, given.registeredTo));
    // NULLS LAST / FIRST spelled out: the index is (created_at DESC NULLS LAST, id DESC NULLS LAST) and
    // PostgreSQL serves an ORDER BY from it only when the nulls order matches too (else a seq scan and sort).
    const orderBy = newest
      ? [sql`${accounts.createdAt} desc nulls last`, sql`${accounts.id} desc nulls last`]
      : [sql`${accounts.createdAt} asc nulls first`, sql`${accounts.id} asc nulls first`];
    return this.database.db
      .select(userColumns)
      .from(accounts)
      .where(and(...filters))
      .orderBy(...orderBy)
      .limit(limit + 1);
  }

  /** False when there was no such user. */
  async deleteUserById(tx: Executor, id: string): Promise<boolean> {
    const rows = await tx
      .delete(accounts)
      .where(and(isUser, eq(accounts.id, id)))
      .returning({ id: accounts.id });
    return rows.length > 0;
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
