import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { type Database, MIGRATIONS_FOLDER } from "./database";

/** A store's schema: how many of this release's migrations it has, and the last one's name. */
export type SchemaVersion = { applied: number; latest: number; tag: string };

/** This release's migrations, in order (drizzle's journal). */
export function releaseMigrations(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.map((entry) => entry.tag);
}

/**
 * What drizzle's migrator recorded in the store (one row per migration applied, in order). A backup
 * carries it, so a restore into a newer release says which migrations its first start will apply.
 */
export async function schemaVersionOf(db: Database): Promise<SchemaVersion> {
  const result = await db.execute(sql.raw(APPLIED_MIGRATIONS_SQL));
  return schemaVersion((result as { rows: { applied: number }[] }).rows[0]?.applied ?? 0);
}

/** How many migrations a store has applied, in drizzle's own record; for any client of the store. */
export const APPLIED_MIGRATIONS_SQL = "select count(*)::int as applied from drizzle.__drizzle_migrations";

/** The version of a store that applied `applied` migrations, named by this release's journal. */
export function schemaVersion(applied: number): SchemaVersion {
  const tags = releaseMigrations();
  return { applied, latest: tags.length, tag: tags[applied - 1] ?? `${applied} migrations (newer than this release)` };
}
