// The package types its contrib extensions through "exports", which moduleResolution node10 does not read.
declare module "@electric-sql/pglite/contrib/pg_trgm" {
  export const pg_trgm: import("@electric-sql/pglite").Extension;
}
