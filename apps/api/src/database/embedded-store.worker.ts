// Runs PGlite on its own thread and serves it over the PostgreSQL wire protocol on a unix socket,
// so a slow query never blocks the event loop that answers HTTP and sockets.
import { chmod, rm } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { EMBEDDED_EXTENSIONS } from "./embedded-extensions";

export type EmbeddedStoreWorkerData = { pgliteDir: string; socketPath: string };
export type EmbeddedStoreWorkerMessage =
  { type: "ready" } | { type: "failed"; message: string } | { type: "backup"; id: number; bytes?: Uint8Array; error?: string };
export type EmbeddedStoreWorkerRequest = { type: "stop" } | { type: "backup"; id: number };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("embedded-store.worker must run as a worker thread");
  const { pgliteDir, socketPath } = workerData as EmbeddedStoreWorkerData;
  const post = (message: EmbeddedStoreWorkerMessage) => port.postMessage(message);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(pgliteDir, { extensions: EMBEDDED_EXTENSIONS });
    // The caller holds the DATA_DIR lock, so a socket file left here belongs to a dead process.
    await rm(socketPath, { force: true });
    // One connection: pglite-socket interleaves the messages of concurrent connections, which breaks
    // the extended protocol's unnamed statements; the API's pool holds this one connection.
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
    await server.start();
    await chmod(socketPath, 0o600);
  } catch (error) {
    await db?.close().catch(() => undefined);
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  port.on("message", (message: EmbeddedStoreWorkerRequest) => {
    if (message.type === "backup") {
      // PGlite copies its files under its query lock: no statement runs meanwhile, so the copy is
      // what a crash at that instant would leave, which PostgreSQL recovers to its last commit.
      db.dumpDataDir("gzip").then(
        async (file) => {
          const bytes = new Uint8Array(await file.arrayBuffer());
          port.postMessage({ type: "backup", id: message.id, bytes } satisfies EmbeddedStoreWorkerMessage, [bytes.buffer]);
        },
        (error: unknown) => post({ type: "backup", id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    if (message.type !== "stop") return;
    void (async () => {
      await server.stop();
      // Closing PGlite flushes its files; the caller unlocks DATA_DIR only after this.
      await db.close();
      await rm(socketPath, { force: true });
      port.close();
    })();
  });
  post({ type: "ready" });
}

void main();
