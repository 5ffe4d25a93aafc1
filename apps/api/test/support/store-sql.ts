import { Client } from "pg";
import { openStoppedStore } from "./pglite";

/**
 * Runs SQL on a store the way an operator would (a bulk import, a manual fix), outside the API.
 * The embedded store must be closed (its server stopped) first.
 */
export async function runStoreSql(store: { dataDir: string; databaseUrl?: string }, statements: string): Promise<void> {
  if (store.databaseUrl) {
    const client = new Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      await client.query(statements);
    } finally {
      await client.end();
    }
    return;
  }
  const db = await openStoppedStore(store.dataDir);
  try {
    await db.exec(statements);
  } finally {
    await db.close();
  }
}
