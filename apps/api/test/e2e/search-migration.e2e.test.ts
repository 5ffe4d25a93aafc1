import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsersCountSchema, UsersPageSchema } from "@moien/contracts";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type AppProcess, disposeApp, makeDataDir, startApp } from "../support/app-process";
import { BACKENDS } from "../support/backends";
import { httpClient } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/postgres";
import { openStoppedStore } from "../support/pglite";

const MIGRATIONS = resolve(__dirname, "../../drizzle");

/** The migrations as they were before search (0000 and 0001 only). */
function previousMigrations(): string {
  const folder = mkdtempSync(join(tmpdir(), "moien-migrations-"));
  mkdirSync(join(folder, "meta"));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag === "0000_init" || e.tag === "0001_outbox");
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify(journal));
  for (const { tag } of journal.entries) cpSync(join(MIGRATIONS, `${tag}.sql`), join(folder, `${tag}.sql`));
  return folder;
}

const OLD_USERS = `insert into accounts (full_name, country_code, phone, email, password_hash, role, created_at) values
  ('Jürgen Müller', 'LU', '+352691000101', 'jurgen@legacy.example', 'legacy', 'user', now() - interval '3 days'),
  ('أحمد الهاشمي', 'LU', '+352691000102', 'ahmed@legacy.example', 'legacy', 'user', now() - interval '2 days'),
  ('مُحَمَّد علي', 'FR', '+33612000103', 'mohamed@legacy.example', 'legacy', 'user', now() - interval '1 day')`;

describe.each(BACKENDS)("a %s database made by the previous version", (backend) => {
  let app: AppProcess | undefined;
  let database: TestDatabase | undefined;
  const folder = previousMigrations();
  afterAll(async () => {
    await disposeApp(app);
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("should migrate at start and find the users it already held", async () => {
    if (backend === "embedded") {
      const dataDir = makeDataDir();
      const client = await openStoppedStore(dataDir);
      await migratePglite(drizzlePglite(client), { migrationsFolder: folder });
      await client.query(OLD_USERS);
      await client.close();
      app = await startApp({ dataDir });
    } else {
      database = await createTestDatabase();
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder: folder });
      await client.query(OLD_USERS);
      await client.end();
      app = await startApp({ env: { DATABASE_URL: database.url } });
    }
    const http = httpClient(app.url);
    const token = await app.adminToken();
    const find = async (q: string) => {
      const response = await http.request("GET", `/api/v1/users?q=${encodeURIComponent(q)}`, { token });
      expect(response.status, response.text).toBe(200);
      return UsersPageSchema.parse(response.body).items.map((u) => u.email);
    };
    expect(await find("muller")).toEqual(["jurgen@legacy.example"]);
    expect(await find("احمد")).toEqual(["ahmed@legacy.example"]);
    expect(await find("محمد")).toEqual(["mohamed@legacy.example"]);
    expect(await find("٦٩١٠٠٠١٠٢")).toEqual(["ahmed@legacy.example"]);
    const count = await http.request("GET", "/api/v1/users/count?q=legacy.example&country=LU", { token });
    expect(UsersCountSchema.parse(count.body)).toEqual({ total: 2 });
    // And again after a restart on the now migrated database.
    await app.restart();
    const page = await http.request("GET", "/api/v1/users?q=legacy&order=oldest", { token: await app.adminToken() });
    expect(UsersPageSchema.parse(page.body).items.map((u) => u.fullName)).toEqual(["Jürgen Müller", "أحمد الهاشمي", "مُحَمَّد علي"]);
  }, 120_000);
});
