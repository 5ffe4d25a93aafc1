import type { Database } from "./database";

/** An open transaction: repositories write through the one the service composes. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Where a repository's statement runs: the database, or the caller's transaction. */
export type Executor = Database | Transaction;
