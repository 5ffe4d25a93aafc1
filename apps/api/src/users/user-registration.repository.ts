import { Inject, Injectable } from "@nestjs/common";
import { sql } from "drizzle-orm";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, userEvents } from "../database/schema";
import type { CommittedEvent } from "./events/outbox";
import { countryNameOf } from "./phone";
import { toPublicUser, type UserRow } from "./user.mapper";

/** The users.created event of a registration; its payload is the registered user, as answered. */
export type UserCreatedEvent = Extract<CommittedEvent, { name: "users.created" }>;
import { asConflict, type NewUser } from "./users.repository";

/**
 * A registration in one statement that commits on its own: one round trip where a transaction took
 * four (BEGIN, the account, the event, COMMIT; each round trip is a `writev` that cost this VM more
 * than the SQL: bench/HISTORY.md). It spans two tables, hence its own repository, as a removal has.
 */
@Injectable()
export class UserRegistrationRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Inserts the user (the counters' trigger follows) and its users.created event. PostgreSQL builds the
   * event's payload from the inserted row as `toPublicUser` builds the answer from the returned one:
   * `created_at` is kept to the millisecond, so both print the same instant.
   * @throws ConflictError (409) when the email or phone is taken (the unique indexes decide, even under
   *   races); nothing is written then.
   */
  async insertUser(user: NewUser): Promise<UserCreatedEvent> {
    const column = (c: { name: string }) => sql.identifier(c.name);
    let result: unknown;
    try {
      result = await this.database.db.execute(sql`
        with inserted as (
          insert into ${accounts} (${column(accounts.fullName)}, ${column(accounts.countryCode)}, ${column(accounts.phone)},
            ${column(accounts.email)}, ${column(accounts.passwordHash)}, ${column(accounts.role)})
          values (${user.fullName}, ${user.countryCode}, ${user.phone}, ${user.email}, ${user.passwordHash}, 'user')
          returning ${accounts.id}, ${accounts.fullName}, ${accounts.countryCode}, ${accounts.phone}, ${accounts.email}, ${accounts.createdAt}
        ), announced as (
          insert into ${userEvents} (name, payload)
          select 'users.created', jsonb_build_object(
            'id', inserted.id, 'fullName', inserted.full_name, 'countryCode', inserted.country_code,
            'countryName', ${countryNameOf(user.countryCode) ?? user.countryCode}::text,
            'phone', inserted.phone, 'email', inserted.email,
            'createdAt', to_char(inserted.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          from inserted
          returning ${userEvents.id}
        )
        select inserted.id, inserted.full_name, inserted.country_code, inserted.phone, inserted.email,
          inserted.created_at, announced.id as event_id
        from inserted, announced`);
    } catch (error) {
      throw asConflict(error);
    }
    // Both stores answer through node-postgres: a QueryResult with `rows`, timestamps parsed to Date.
    const [row] = (result as { rows: RegisteredRow[] }).rows;
    if (!row) throw new Error("the registration returned no row");
    return { id: Number(row.event_id), name: "users.created", payload: toPublicUser(fromColumns(row)) };
  }
}

type RegisteredRow = {
  id: string;
  full_name: string;
  country_code: string | null;
  phone: string | null;
  email: string;
  created_at: Date | string;
  event_id: number | string;
};

function fromColumns(row: RegisteredRow): UserRow {
  return {
    id: row.id,
    fullName: row.full_name,
    countryCode: row.country_code,
    phone: row.phone,
    email: row.email,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}
