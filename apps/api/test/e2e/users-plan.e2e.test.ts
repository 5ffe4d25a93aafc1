import { rmSync } from "node:fs";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { BITMAP_ONLY, countSql, type ListQueryOptions, plainListSql, trigramListSql, walkListSql } from "../../src/users/users-list-query";
import { UsersSearchRepository } from "../../src/users/users-search.repository";
import { makeDataDir } from "../support/app-process";
import { BACKENDS, type Backend } from "../support/backends";
import { createTestDatabase, type TestDatabase } from "../support/postgres";

// Enough rows that a sequential scan and a sort look cheap to nobody; names in both scripts, 12 countries, two years.
const ROWS: Record<Backend, number> = { postgres: 100_000, embedded: 50_000 };
const SEED = (n: number) =>
  sql.raw(`
  insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at)
  select (array['Ahmed','José','Müller','Léa','أحمد','مُحَمَّد','فاطمة','Łukasz','Zoë','Omar'])[1 + (g * 7) % 10] || ' ' ||
         (array['Ali','Dupont','Schmidt','García','الهاشمي','حسن','Nowak','Silva'])[1 + (g * 13) % 8],
    c, '+35269' || lpad(g::text, 8, '0'), 'user' || g || '@' || (array['gmail.com','pt.lu','web.de'])[1 + g % 3],
    'seeded', 'user', timestamptz '2025-01-01' + (g::float8 / ${n}) * interval '730 days'
  from generate_series(1, ${n}) g,
  lateral (select case when g % 1000 = 0 then 'IS' else (array['LU','FR','DE','BE','PT','MA','DZ','TN','EG','IT','ES','PL'])[1 + (g * 31 % 100) % 12] end as c) k`);

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

// Before ANALYZE too: the embedded store has no autovacuum, and PostgreSQL's runs a while after a bulk load.
const CASES = BACKENDS.flatMap((backend) => [true, false].map((statistics) => ({ backend, statistics })));

describe.each(CASES)("query plans of the users list on $backend storage (statistics: $statistics)", ({ backend, statistics }) => {
  let database: DatabaseHandle;
  let pg: TestDatabase | undefined;
  let dataDir: string | undefined;
  let middle: { createdAt: Date; id: string };

  const plan = async (statement: SQL, settings: readonly SQL[] = []) => {
    const result = await database.db.transaction(async (tx) => {
      for (const setting of settings) await tx.execute(setting);
      return (await tx.execute(sql`explain (format json) ${statement}`)) as { rows: Record<string, unknown>[] };
    });
    const raw = Object.values(result.rows[0]!)[0];
    const [top] = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const nodes = nodesOf(top!.Plan);
    return {
      seqScans: nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "accounts").length,
      indexes: [...new Set(nodes.map((n) => n["Index Name"]).filter((name): name is string => !!name))].sort(),
    };
  };
  const options = (overrides: Partial<ListQueryOptions>): ListQueryOptions => ({ limit: 50, order: "newest", filters: {}, ...overrides });

  beforeAll(async () => {
    if (backend === "postgres") {
      pg = await createTestDatabase();
      database = await openDatabase({ databaseUrl: pg.url, dataDir: "" });
    } else {
      dataDir = makeDataDir();
      database = await openDatabase({ dataDir });
    }
    await database.db.execute(SEED(ROWS[backend]));
    if (statistics) await database.db.execute(sql`analyze accounts`);
    const result = (await database.db.execute(
      sql`select created_at as "createdAt", id from accounts order by created_at desc offset ${ROWS[backend] / 2} limit 1`,
    )) as { rows: { createdAt: string | Date; id: string }[] };
    middle = { createdAt: new Date(result.rows[0]!.createdAt), id: result.rows[0]!.id };
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await pg?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ["first page, newest", {}],
    ["first page, oldest", { order: "oldest" }],
    ["a cursor page, newest", { cursor: true }],
    ["a cursor page, oldest", { cursor: true, order: "oldest" }],
    ["a date range", { filters: { registeredFrom: new Date("2025-06-01"), registeredTo: new Date("2025-07-01") } }],
  ] as const)("should read the (created_at, id) index for %s", async (_, shape) => {
    const statement = plainListSql(options({ ...shape, after: "cursor" in shape ? middle : undefined }));
    expect(await plan(statement)).toEqual({ seqScans: 0, indexes: ["accounts_users_created_idx"] });
  });

  // A common country may be read by walking the date index (its rows are dense there); a rare one
  // (Iceland: 1 row in 1000) must come from the country index, or a page would scan the whole table.
  it("should read a rare country from the country index, alone or with others, with dates and a cursor", async () => {
    for (const country of [["IS"], ["FR", "IS", "LU"]]) {
      const filters = { country, registeredFrom: new Date("2025-03-01") };
      for (const shape of [options({ filters, after: middle }), options({ filters, order: "oldest" })]) {
        const { seqScans, indexes } = await plan(plainListSql(shape));
        expect(seqScans, country.join()).toBe(0);
        expect(indexes, country.join()).toContain("accounts_users_country_created_idx");
      }
    }
  });

  // A common q may be read by a sequential scan that stops at the bound (cheap, and then the walk takes
  // over); a rare one must come from the trigram index, never from a walk of the date index.
  it("should take the matches from the trigram index first when q has trigrams and is rare", async () => {
    for (const needle of ["zzqx", "user4242@", "3526900004242", "zoe nowakz"]) {
      const { seqScans, indexes } = await plan(trigramListSql(options({ filters: { q: needle }, after: middle }), needle), BITMAP_ONLY);
      expect(seqScans, needle).toBe(0);
      expect(indexes, needle).toContain("accounts_users_search_idx");
      expect(indexes, needle).not.toContain("accounts_users_created_idx");
    }
  });

  it("should walk the date index when q is short or very common", async () => {
    for (const order of ["newest", "oldest"] as const) {
      expect(await plan(walkListSql(options({ order, filters: { q: "ah" } }), "ah"))).toEqual({
        seqScans: 0,
        indexes: ["accounts_users_created_idx"],
      });
      expect(await plan(walkListSql(options({ order, after: middle, filters: { q: "user" } }), "user"))).toEqual({
        seqScans: 0,
        indexes: ["accounts_users_created_idx"],
      });
    }
  });

  // findUsersPage tries a short walk of the newest rows before the trigram index: both ways must give
  // the rows the full walk gives (a domain fills the page in the walk; one old user's email does not).
  it("should find the same rows whether a search is answered by the short walk or by the trigram index", async () => {
    const users = new UsersSearchRepository(database);
    const hitsOfFullWalk = async (needle: string) => {
      const { rows } = (await database.db.execute(walkListSql(options({ filters: { q: needle } }), needle))) as {
        rows: { id: string; hit: boolean }[];
      };
      return rows.filter((row) => row.hit).map((row) => row.id);
    };
    const common = await users.findUsersPage(options({ filters: { q: "@gmail.com" } }));
    expect(common.rows).toHaveLength(51);
    expect(common.rows.map((row) => row.id)).toEqual(await hitsOfFullWalk("@gmail.com"));
    const rare = await users.findUsersPage(options({ filters: { q: "user123@" } }));
    expect(rare.rows.map((row) => row.email)).toEqual(["user123@gmail.com"]);
  });

  it("should count through an index when a rare q or a narrow date range is given", async () => {
    expect((await plan(countSql({ q: "zzqx" }), BITMAP_ONLY)).indexes).toEqual(["accounts_users_search_idx"]);
    expect((await plan(countSql({}))).seqScans).toBe(0);
    expect((await plan(countSql({ registeredFrom: new Date("2026-12-20") }))).seqScans).toBe(0);
  });
});
