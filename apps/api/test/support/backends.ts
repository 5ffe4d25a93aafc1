import { type AppProcess, type StartAppOptions, startApp } from "./app-process";
import { createTestDatabase, type TestDatabase } from "./postgres";

export type Backend = "embedded" | "postgres";
export const BACKENDS: Backend[] = ["embedded", "postgres"];

export type BackendApp = { app: AppProcess; database?: TestDatabase };

/** Starts the app on the embedded store, or on a fresh PostgreSQL database. */
export async function startAppOn(backend: Backend, options: StartAppOptions = {}): Promise<BackendApp> {
  if (backend === "embedded") return { app: await startApp(options) };
  const database = await createTestDatabase();
  const app = await startApp({ ...options, env: { DATABASE_URL: database.url, ...options.env } });
  return { app, database };
}
