// PGlite's contrib entry points are declared only under package "exports", which this project's
// `moduleResolution: node10` does not read; Node resolves them at run time.
declare module "@electric-sql/pglite/contrib/pg_trgm" {
  export const pg_trgm: import("@electric-sql/pglite").Extension;
}
declare module "@electric-sql/pglite/contrib/unaccent" {
  export const unaccent: import("@electric-sql/pglite").Extension;
}
