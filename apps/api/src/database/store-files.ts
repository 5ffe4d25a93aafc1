import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock";
import { EMBEDDED_EXTENSIONS } from "./embedded-extensions";
import { APPLIED_MIGRATIONS_SQL, releaseMigrations, schemaVersion } from "./schema-version";

async function schemaTagOf(db: PGlite): Promise<{ applied: number; tag: string }> {
  const { rows } = await db.query<{ applied: number }>(APPLIED_MIGRATIONS_SQL);
  return schemaVersion(rows[0]?.applied ?? 0);
}

/** The files of a stopped embedded store, copied as a running node copies them (`npm run backup`). */
export async function copyStoppedStore(dataDir: string): Promise<{ bytes: Buffer; schemaTag: string }> {
  if (!existsSync(join(dataDir, "pglite"))) throw new StoreFilesError(`DATA_DIR ${dataDir} holds no embedded store`);
  const unlock = await lockDataDir(dataDir);
  try {
    const db = await PGlite.create(join(dataDir, "pglite"), { extensions: EMBEDDED_EXTENSIONS });
    try {
      const { tag } = await schemaTagOf(db);
      const file = await db.dumpDataDir("gzip");
      return { bytes: Buffer.from(await file.arrayBuffer()), schemaTag: tag };
    } finally {
      await db.close();
    }
  } finally {
    await unlock();
  }
}

/** A store that cannot be backed up or restored as asked (the message says why). */
export class StoreFilesError extends Error {}

/**
 * Loads a backup into an empty (or absent) DATA_DIR and opens it once to check it; the next start of
 * the server applies the migrations the backup's schema lacks.
 * @throws Error when DATA_DIR is not empty
 */
export async function restoreStore(dataDir: string, backupFile: string): Promise<{ applied: number; tag: string; pending: string[] }> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new StoreFilesError(`DATA_DIR ${dataDir} is not empty: restore into an empty directory (nothing is overwritten)`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(dataDir);
  try {
    const backup = new Blob([readFileSync(backupFile)]);
    const db = await PGlite.create(join(dataDir, "pglite"), { extensions: EMBEDDED_EXTENSIONS, loadDataDir: backup });
    try {
      const version = await schemaTagOf(db);
      return { ...version, pending: releaseMigrations().slice(version.applied) };
    } finally {
      await db.close();
    }
  } finally {
    await unlock();
  }
}
