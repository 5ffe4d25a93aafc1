import { afterAll, beforeAll } from "vitest";
import { type AppProcess, disposeApp, type StartAppOptions, startApp } from "./app-process";
import { type Http, httpClient } from "./factories";
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

export type BackendContext = { app: AppProcess; http: Http; adminToken: string };

/**
 * Starts the app on `backend` before the suite and disposes of it (and its database) after;
 * the returned object is filled in by `beforeAll`.
 */
export function useAppOn(backend: Backend, options: StartAppOptions = {}): BackendContext {
  const context = {} as BackendContext;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    const started = await startAppOn(backend, options);
    database = started.database;
    context.app = started.app;
    context.http = httpClient(started.app.url);
    context.adminToken = await started.app.adminToken();
  });
  afterAll(async () => {
    await disposeApp(context.app);
    await database?.drop();
  });
  return context;
}
