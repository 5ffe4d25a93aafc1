import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import { ConflictError } from "../common/app-errors";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { uniqueViolationConstraint } from "../database/pg-errors";
import { accounts } from "../database/schema";
import type { UserRow } from "./user.mapper";

export type NewUser = { fullName: string; countryCode: string; phone: string; email: string; passwordHash: string };
export const userColumns = {
  id: accounts.id,
  fullName: accounts.fullName,
  countryCode: accounts.countryCode,
  phone: accounts.phone,
  email: accounts.email,
  createdAt: accounts.createdAt,
};

export const isUser = eq(accounts.role, "user");

/**
 * SQL about registered users alone; a registration and a removal write their event with them, in one
 * statement each (user-registration.repository.ts, user-removal.repository.ts).
 */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async findUserById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.database.db
      .select(userColumns)
      .from(accounts)
      .where(and(isUser, eq(accounts.id, id)));
    return row;
  }
}

/** A unique violation as the field it names (409), anything else as it was. */
export function asConflict(error: unknown): unknown {
  const constraint = uniqueViolationConstraint(error);
  if (constraint === undefined) return error;
  return new ConflictError(constraint.includes("phone") ? "phone" : "email");
}
