import { Inject, Injectable } from "@nestjs/common";
import { sql } from "drizzle-orm";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { accounts, userEvents } from "../database/schema";
import type { CommittedEvent } from "./events/outbox";
import { publicCountryName, toPublicUser, type UserRow } from "./user.mapper";
import { asConflict, type NewUser } from "./users.repository";

/** The users.created event of a registration; its payload is the registered user, as answered. */
export type UserCreatedEvent = Extract<CommittedEvent, { name: "users.created" }>;

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
    let result: unknown;
    try {
      result = await this.database.db.execute(sql`
        with inserted as (
          insert into ${accounts} (full_name, country_code, phone, email, password_hash, role)
          values (${user.fullName}, ${user.countryCode}, ${user.phone}, ${user.email}, ${user.passwordHash}, 'user')
          returning id, full_name, country_code, phone, email, created_at
        ), announced as (
          insert into ${userEvents} (name, payload)
          select 'users.created', jsonb_build_object(
            'id', inserted.id, 'fullName', inserted.full_name, 'countryCode', inserted.country_code,
            'countryName', ${publicCountryName(user.countryCode)}::text,
            'phone', inserted.phone, 'email', inserted.email,
            'createdAt', to_char(inserted.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          from inserted
          returning ${userEvents.id}
        )
        -- Named as UserRow's keys; drizzle's raw query hands timestamps over as text, not Date.
        select inserted.id, inserted.full_name as "fullName", inserted.country_code as "countryCode",
          inserted.phone, inserted.email, inserted.created_at as "createdAt", announced.id as "eventId"
        from inserted, announced`);
    } catch (error) {
      throw asConflict(error);
    }
    const [row] = (result as { rows: (Omit<UserRow, "createdAt"> & { createdAt: string; eventId: number | string })[] }).rows;
    if (!row) throw new Error("the registration returned no row");
    const { eventId, createdAt, ...registered } = row;
    return { id: Number(eventId), name: "users.created", payload: toPublicUser({ ...registered, createdAt: new Date(createdAt) }) };
  }
}
