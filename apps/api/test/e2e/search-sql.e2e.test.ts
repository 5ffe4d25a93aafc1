import { rmSync } from "node:fs";
import { SEARCH_CORPUS, normalizeSearchText, searchDocument } from "@moien/contracts";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { makeDataDir } from "../support/app-process";
import { BACKENDS } from "../support/backends";
import { createTestDatabase, type TestDatabase } from "../support/postgres";

// The scripts of the people Moien serves, upper and lower case, their marks, digits and spaces.
const ranges: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x600, 0x6ff],
  [0x1e00, 0x1eff],
  [0x2000, 0x200f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const realisticChar = fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max }))).map((c) => String.fromCodePoint(c));
const realisticText = fc.array(realisticChar, { maxLength: 40 }).map((chars) => chars.join(""));

async function foldInSql(database: DatabaseHandle, inputs: readonly string[]): Promise<string[]> {
  const result = (await database.db.execute(sql`
    select moien_search_fold(value) as folded
    from jsonb_array_elements_text(${JSON.stringify(inputs)}::jsonb) with ordinality as t(value, n) order by n`)) as {
    rows: { folded: string }[];
  };
  return result.rows.map((r) => r.folded);
}

describe.each(BACKENDS)("the SQL search fold on %s storage", (backend) => {
  let database: DatabaseHandle;
  let pg: TestDatabase | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (backend === "postgres") {
      pg = await createTestDatabase();
      database = await openDatabase({ databaseUrl: pg.url, dataDir: "" });
    } else {
      dataDir = makeDataDir();
      database = await openDatabase({ dataDir });
    }
  });
  afterAll(async () => {
    await database?.close();
    await pg?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("should fold the corpus exactly as normalizeSearchText does", async () => {
    const inputs = SEARCH_CORPUS.map(([input]) => input);
    expect(await foldInSql(database, inputs)).toEqual(SEARCH_CORPUS.map(([, folded]) => folded));
  });

  it("should agree with normalizeSearchText on generated text in the scripts users write", async () => {
    const samples = fc.sample(realisticText, { numRuns: 3000, seed: 11 });
    samples.push(`${"ß".repeat(160)} x`, `${"a".repeat(299)} b`, "Σ".repeat(301));
    const folded = await foldInSql(database, samples);
    const mismatches = samples.map((s, i) => [s, folded[i], normalizeSearchText(s)]).filter(([, a, b]) => a !== b);
    expect(mismatches).toEqual([]);
  });

  it("should store the search document of every row, whatever inserted it", async () => {
    const row = { fullName: "مُحَمَّد Müller", email: "jose@example.com", phone: "+352691234567" };
    const result = (await database.db.execute(sql`
      insert into accounts (full_name, country_code, phone, email, password_hash, role)
      values (${row.fullName}, 'LU', ${row.phone}, ${row.email}, 'x', 'user') returning search_text`)) as {
      rows: { search_text: string }[];
    };
    expect(result.rows[0]!.search_text).toBe(searchDocument(row));
  });
});
