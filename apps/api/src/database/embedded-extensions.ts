import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";

/** The extensions every PGlite opening of the store loads: the search indexes need them. */
export const EMBEDDED_EXTENSIONS = { pg_trgm, unaccent };
