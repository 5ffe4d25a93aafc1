import { Inject, Injectable } from "@nestjs/common";
import { and, asc, desc, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { userCountsCountry, userCountsDaily } from "../database/schema";

export type DayCount = { day: string; count: number };
export type CountryCount = { countryCode: string; count: number };
export type RebuiltCounters = { users: number; days: number; countries: number };

/** Reads the counters the database keeps on accounts (migration 0003); never the accounts themselves. */
@Injectable()
export class UsersStatsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** Registrations per UTC day from `fromDay` (YYYY-MM-DD) on; days without any are absent. */
  countsPerDay(fromDay: string): Promise<DayCount[]> {
    return this.database.db
      .select({ day: sql<string>`${userCountsDaily.day}::text`, count: sql`sum(${userCountsDaily.count})`.mapWith(Number) })
      .from(userCountsDaily)
      .where(gte(userCountsDaily.day, fromDay))
      .groupBy(userCountsDaily.day)
      .orderBy(asc(userCountsDaily.day));
  }

  /**
   * Users registered in [fromDay, toDay) (UTC days, YYYY-MM-DD; either open) in `countries` (all when
   * absent), summed from the counters: exact, and bounded by days × countries whatever the number of users.
   */
  async countFromCounters(range: { fromDay?: string; toDay?: string; countries?: string[] }): Promise<number> {
    if (!range.fromDay && !range.toDay) {
      const where = range.countries ? inArray(userCountsCountry.countryCode, range.countries) : undefined;
      const [row] = await this.database.db
        .select({ total: sql`coalesce(sum(${userCountsCountry.count}), 0)`.mapWith(Number) })
        .from(userCountsCountry)
        .where(where);
      return row?.total ?? 0;
    }
    const conditions: SQL[] = [];
    if (range.fromDay) conditions.push(gte(userCountsDaily.day, range.fromDay));
    if (range.toDay) conditions.push(lt(userCountsDaily.day, range.toDay));
    if (range.countries) conditions.push(inArray(userCountsDaily.countryCode, range.countries));
    const [row] = await this.database.db
      .select({ total: sql`coalesce(sum(${userCountsDaily.count}), 0)`.mapWith(Number) })
      .from(userCountsDaily)
      .where(and(...conditions));
    return row?.total ?? 0;
  }

  /** Every country with users now, largest first, ties by code. */
  countsPerCountry(): Promise<CountryCount[]> {
    const count = sql`sum(${userCountsCountry.count})`;
    return this.database.db
      .select({ countryCode: userCountsCountry.countryCode, count: count.mapWith(Number) })
      .from(userCountsCountry)
      .groupBy(userCountsCountry.countryCode)
      .having(gt(count, 0))
      .orderBy(desc(count), asc(userCountsCountry.countryCode));
  }

  /**
   * Recomputes every counter from the accounts, for an operator who suspects drift (rows written
   * with the triggers disabled, say). Writers to accounts wait meanwhile; readers do not.
   */
  rebuild(): Promise<RebuiltCounters> {
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table accounts in share mode`);
      await tx.delete(userCountsDaily);
      await tx.delete(userCountsCountry);
      await tx.execute(sql`
        insert into user_counts_daily (day, country_code, count)
        select (created_at at time zone 'UTC')::date, country_code, count(*) from accounts where role = 'user' group by 1, 2`);
      await tx.execute(sql`
        insert into user_counts_country (country_code, count)
        select country_code, sum(count) from user_counts_daily group by 1`);
      const [totals] = await tx
        .select({
          users: sql`coalesce(sum(${userCountsCountry.count}), 0)`.mapWith(Number),
          countries: sql`count(*)`.mapWith(Number),
          days: sql`(select count(distinct ${userCountsDaily.day}) from ${userCountsDaily})`.mapWith(Number),
        })
        .from(userCountsCountry);
      return totals ?? { users: 0, countries: 0, days: 0 };
    });
  }
}
