import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../database/database";
import type { SyntheticUser } from "./synthetic-users";

/** Bulk writes of synthetic users; the counters follow by the triggers on accounts. */
export class SeedRepository {
  constructor(private readonly database: DatabaseHandle) {}

  /** Registered users now, from the counters (constant time). */
  async countUsers(): Promise<number> {
    const [row] = rowsOf(await this.database.db.execute(sql`select coalesce(sum(count), 0) as n from user_counts_country`));
    return Number(row?.n ?? 0);
  }

  /**
   * Fresh planner statistics after a bulk load, and the counters' dead row versions (every batch
   * updated each day's row) reclaimed: the embedded store has no autovacuum to do either.
   */
  async tidyAfterBulkLoad(): Promise<void> {
    await this.database.db.execute(sql`vacuum analyze user_counts_daily, user_counts_country`);
    await this.database.db.execute(sql`analyze accounts`);
  }

  async hasUsers(): Promise<boolean> {
    const [row] = rowsOf(await this.database.db.execute(sql`select exists (select 1 from accounts where role = 'user') as found`));
    return row?.found === true;
  }

  /**
   * One multi-row INSERT from arrays (one parameter per column, whatever the batch size).
   * Rows whose email or phone is taken are skipped; returns how many were inserted.
   */
  async insertUsers(users: readonly SyntheticUser[], passwordHash: string): Promise<number> {
    const column = (pick: (user: SyntheticUser) => string) => sql.param(users.map(pick));
    const result = await this.database.db.execute(sql`
      with inserted as (
        insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at)
        select full_name, country_code, phone, email, ${passwordHash}, 'user', created_at
        from unnest(${column((u) => u.fullName)}::text[], ${column((u) => u.countryCode)}::text[], ${column((u) => u.phone)}::text[],
                    ${column((u) => u.email)}::text[], ${column((u) => u.createdAt.toISOString())}::timestamptz[])
          as u(full_name, country_code, phone, email, created_at)
        on conflict do nothing
        returning 1)
      select count(*) as n from inserted`);
    return Number(rowsOf(result)[0]?.n ?? 0);
  }
}

// node-postgres answers a QueryResult, PGlite a Results object: both carry `rows`.
function rowsOf(result: unknown): Record<string, unknown>[] {
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new TypeError("the driver answered without rows");
  return rows as Record<string, unknown>[];
}
