import type { UsersFilters, UsersOrder } from "@moien/contracts";
import { searchNeedle } from "@moien/contracts";
import { sql, type SQL } from "drizzle-orm";
import type { UsersCursor } from "./users-cursor";

/**
 * The SQL of the users list, one shape per plan (only the repository uses it). Each shape is chosen so
 * that PostgreSQL and PGlite take an index whatever their statistics say (tested by EXPLAIN):
 * - no q: the (created_at, id) index, or one ordered range of the (country, created_at, id) index per country;
 * - q with a trigram: the matches from the trigram index first (a MATERIALIZED CTE, so the planner cannot
 *   walk the date index through every row instead), bounded by TRIGRAM_BOUND;
 * - q without a trigram (1–2 characters), or one matching more than TRIGRAM_BOUND rows: a walk of the
 *   date index that stops at the page, or after WALK_WINDOW rows.
 */
export const TRIGRAM_BOUND = 1000;

/**
 * Set (SET LOCAL, in the statement's transaction) around the trigram CTE and a searched count: only bitmap
 * scans stay possible, so the GIN index is used even when the table has no statistics yet (the embedded
 * store has no autovacuum; PostgreSQL's comes a while after a bulk load), where the planner would guess
 * 0.5 % of rows match and walk an index through all of them instead.
 */
export const BITMAP_ONLY: readonly SQL[] = [sql`set local enable_seqscan = off`, sql`set local enable_indexscan = off`];
export const WALK_WINDOW = 50_000;

export type ListQueryOptions = { limit: number; after?: UsersCursor; order: UsersOrder; filters: UsersFilters };

const columns = sql.raw(`a.id, a.full_name as "fullName", a.country_code as "countryCode", a.phone, a.email, a.created_at as "createdAt"`);

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The needle of `q` (empty: no search), and whether pg_trgm can take trigrams from it. */
export function searchOf(filters: UsersFilters): { needle: string; trigrams: boolean } {
  const needle = filters.q ? searchNeedle(filters.q) : "";
  return { needle, trigrams: /[\p{L}\p{N}]{3}/u.test(needle) };
}

export const matchSql = (needle: string): SQL => sql`a.search_text like ${`%${escapeLike(needle)}%`}`;

const direction = (order: UsersOrder) => sql.raw(order === "newest" ? "desc" : "asc");
export const orderSql = (order: UsersOrder, alias = "a") =>
  sql.raw(`${alias}.created_at ${order === "newest" ? "desc" : "asc"}, ${alias}.id ${order === "newest" ? "desc" : "asc"}`);

const countriesSql = (codes: readonly string[]) => sql`${`{${codes.join(",")}}`}::text[]`;

/**
 * role, dates and cursor; the country too unless `withCountry` is false. `trigram` writes the role test
 * as "no operator role" (role not in ('admin', 'viewer', 'support')): it implies the search index's
 * predicate (role <> 'admin'), and no btree index's (role = 'user') follows from it, so the trigram index
 * is the only index the planner may use — and viewers and support staff never show up in a search.
 */
export function baseConditions(
  filters: UsersFilters,
  after: UsersCursor | undefined,
  order: UsersOrder,
  withCountry = true,
  trigram = false,
): SQL {
  const parts: SQL[] = [trigram ? sql`a.role not in ('admin', 'viewer', 'support')` : sql`a.role = 'user'`];
  if (withCountry && filters.country?.length) parts.push(sql`a.country_code = any(${countriesSql(filters.country)})`);
  if (filters.registeredFrom) parts.push(sql`a.created_at >= ${filters.registeredFrom.toISOString()}::timestamptz`);
  if (filters.registeredTo) parts.push(sql`a.created_at < ${filters.registeredTo.toISOString()}::timestamptz`);
  if (after) {
    const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
    parts.push(order === "newest" ? sql`(a.created_at, a.id) < ${position}` : sql`(a.created_at, a.id) > ${position}`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * No q: the date index, or per country its own ordered range (one subquery per code, each code a
 * parameter the planner sees, so a rare country is read from the country index), merged.
 */
export function plainListSql({ limit, after, order, filters }: ListQueryOptions): SQL {
  const where = baseConditions(filters, after, order, false);
  if (!filters.country?.length) {
    return sql`select ${columns} from accounts a where ${where} order by ${orderSql(order)} limit ${limit + 1}`;
  }
  const perCountry = filters.country.map(
    (code) =>
      sql`(select ${columns} from accounts a where ${where} and a.country_code = ${code} order by ${orderSql(order)} limit ${limit + 1})`,
  );
  return sql`select p.* from (${sql.join(perCountry, sql` union all `)}) p
    order by p."createdAt" ${direction(order)}, p.id ${direction(order)} limit ${limit + 1}`;
}

/** q with trigrams: at most TRIGRAM_BOUND + 1 matches from the trigram index, the page taken from them. */
export function trigramListSql({ limit, after, order, filters }: ListQueryOptions, needle: string): SQL {
  return sql`with m as materialized (
      select a.id, a.created_at from accounts a where ${baseConditions(filters, after, order, true, true)} and ${matchSql(needle)}
      limit ${TRIGRAM_BOUND + 1}),
    t as materialized (select a.id, a.created_at from m a order by ${orderSql(order)} limit ${limit + 1})
    select ${columns}, (select count(*) from m)::int as candidates
    from t join accounts a on a.id = t.id order by ${orderSql(order, "t")}`;
}

/**
 * A walk of the date index from the cursor: the matching rows in order, stopping at `limit + 1` of them;
 * when the window of WALK_WINDOW rows ends first, its last row comes too (`rn = WALK_WINDOW`) as the place
 * to go on from.
 */
export function walkListSql({ limit, after, order, filters }: ListQueryOptions, needle: string, window = WALK_WINDOW): SQL {
  return sql`select x.id, x."fullName", x."countryCode", x.phone, x.email, x."createdAt", x.hit, x.rn from (
      select w.*, w.search_text like ${`%${escapeLike(needle)}%`} as hit,
        row_number() over (order by w."createdAt" ${direction(order)}, w.id ${direction(order)}) as rn
      from (select ${columns}, a.search_text from accounts a where ${baseConditions(filters, after, order)}
        order by ${orderSql(order)} limit ${window}) w
    ) x where x.hit or x.rn = ${window} limit ${limit + 1}`;
}

/**
 * Exact count; the planner picks the index (trigram, country or date) that fits (with a trigram needle,
 * run it under BITMAP_ONLY). Without q or country, the ordered subquery makes an index-only scan of the
 * date index cheaper than reading the wide table (2× faster on the embedded store at 1M rows).
 */
export function countSql(filters: UsersFilters): SQL {
  const { needle, trigrams } = searchOf(filters);
  const where = baseConditions(filters, undefined, "newest", true, trigrams);
  if (!needle && !filters.country?.length) {
    return sql`select count(*)::int as total from (select a.id from accounts a where ${where} order by ${orderSql("newest")}) s`;
  }
  return sql`select count(*)::int as total from accounts a where ${where}${needle ? sql` and ${matchSql(needle)}` : sql``}`;
}
