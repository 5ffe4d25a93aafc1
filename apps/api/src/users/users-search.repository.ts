import { Inject, Injectable } from "@nestjs/common";
import type { UsersFilters } from "@moien/contracts";
import type { SQL } from "drizzle-orm";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import type { UserRow } from "./user.mapper";
import type { UsersCursor } from "./users-cursor";
import {
  BITMAP_ONLY,
  countSql,
  type ListQueryOptions,
  plainListSql,
  searchOf,
  TRIGRAM_BOUND,
  trigramListSql,
  WALK_WINDOW,
  walkListSql,
} from "./users-list-query";

export type ListUsersOptions = ListQueryOptions;
/** A page; `resumeAfter` is set when the search stopped at its scan budget before filling it (more may follow). */
export type UsersPageRows = { rows: UserRow[]; resumeAfter?: UsersCursor };

/** Rows the short walk before a trigram search reads (see findUsersPage). */
const QUICK_WALK = 1_000;

type ListedRow = UserRow & { candidates?: number; hit?: boolean; rn?: number | string };

/**
 * The search planner: which of the statements of `users-list-query.ts` answers a list, a page or a
 * count (a plain index walk, the trigram index, or a bounded walk of the date index), with the
 * measured reasons beside each choice. Reads only; `UsersRepository` writes.
 */
@Injectable()
export class UsersSearchRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Up to `limit + 1` rows after `after` in `order` (one more than asked: the caller learns whether a
   * next page exists); fewer means there are no more. Exact, so it may scan long for a rare 1–2
   * character q: the paged API uses `findUsersPage`, which stops at a budget.
   */
  async listUsers(options: ListUsersOptions): Promise<UserRow[]> {
    const rows: UserRow[] = [];
    let after = options.after;
    for (;;) {
      const page = await this.findUsersPage({ ...options, after, limit: options.limit - rows.length });
      rows.push(...page.rows);
      if (!page.resumeAfter || rows.length > options.limit) return rows.slice(0, options.limit + 1);
      after = page.resumeAfter;
    }
  }

  /** Like `listUsers`, but a search stops after a bounded amount of work and says where to resume. */
  async findUsersPage(options: ListUsersOptions): Promise<UsersPageRows> {
    const { needle, trigrams } = searchOf(options.filters);
    if (!needle) return { rows: (await this.query(plainListSql(options))).map(toUserRow) };
    if (trigrams) {
      // A common needle (an email domain, a frequent name) fills the page within the newest rows: a
      // short walk finds it in ~1 ms, where the trigram index would first list every match (q=@gmail.com
      // on 1M users: 44 ms). A rarer needle pays that millisecond, then takes the index. Not with a
      // country: the walk then reads the date index through the other countries' rows too
      // (q=ahmed + MA + 30 days: 57 ms, against 22 through the trigram index).
      if (!options.filters.country?.length) {
        const quick = await this.walk(options, needle, QUICK_WALK);
        if (quick.hits.length > options.limit) return { rows: quick.hits };
      }
      const rows = await this.query(trigramListSql(options, needle), BITMAP_ONLY);
      const [first] = rows;
      if (!first || Number(first.candidates) <= TRIGRAM_BOUND) return { rows: rows.map(toUserRow) };
    }
    // No trigram, or so many matches that the newest are found sooner by walking the date index.
    const { hits, end } = await this.walk(options, needle, WALK_WINDOW);
    return hits.length > options.limit || !end
      ? { rows: hits }
      : { rows: hits, resumeAfter: { createdAt: new Date(end.createdAt), id: end.id } };
  }

  /** The matches among the next `window` rows in order, and the window's last row when it ended first. */
  private async walk(options: ListUsersOptions, needle: string, window: number): Promise<{ hits: UserRow[]; end?: ListedRow }> {
    const walked = await this.query(walkListSql(options, needle, window));
    return { hits: walked.filter((row) => row.hit).map(toUserRow), end: walked.find((row) => Number(row.rn) === window) };
  }

  /** Exact number of users matching the filters. */
  async countUsers(filters: UsersFilters): Promise<number> {
    const [row] = await this.query<{ total: number }>(countSql(filters), searchOf(filters).trigrams ? BITMAP_ONLY : []);
    return Number(row?.total ?? 0);
  }

  /** Runs `statement`, after `settings` (SET LOCAL statements) in one transaction when there are any. */
  private async query<T = ListedRow>(statement: SQL, settings: readonly SQL[] = []): Promise<T[]> {
    // Both drivers answer raw statements with { rows }; the statements alias their columns to UserRow keys.
    if (settings.length === 0) return ((await this.database.db.execute(statement)) as { rows: T[] }).rows;
    return this.database.db.transaction(async (tx) => {
      for (const setting of settings) await tx.execute(setting);
      return ((await tx.execute(statement)) as { rows: T[] }).rows;
    });
  }
}

// Raw rows carry the strategy's extra columns; timestamps come back as Date from both drivers.
function toUserRow(row: ListedRow): UserRow {
  const { id, fullName, countryCode, phone, email } = row;
  return { id, fullName, countryCode, phone, email, createdAt: new Date(row.createdAt) };
}
