import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

/**
 * Opens a stopped app's embedded store directly, with the extensions the API's store loads
 * (src/database/embedded-store.worker.ts): the search index needs pg_trgm to be written or read.
 */
export function openStoppedStore(dataDir: string): Promise<PGlite> {
  return PGlite.create(join(dataDir, "pglite"), { extensions: { pg_trgm, unaccent } });
}
