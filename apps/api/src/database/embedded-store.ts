import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { EmbeddedStoreWorkerData, EmbeddedStoreWorkerMessage, EmbeddedStoreWorkerRequest } from "./embedded-store.worker";

export type EmbeddedStore = {
  /** Where `pg` connects: a directory host and the port in the socket's name (`.s.PGSQL.<port>`). */
  socketDir: string;
  socketPort: number;
  /** A consistent copy of the running store's files, gzipped tar (PGlite's `dumpDataDir`). */
  backup(): Promise<Uint8Array>;
  /** Closes PGlite (flushing its files) and ends the worker; safe to call twice. */
  stop(): Promise<void>;
};

// Beside this file once built; the in-process tests run the TypeScript sources, so they use the build's.
const WORKER_FILE =
  [join(__dirname, "embedded-store.worker.js"), resolve(__dirname, "../../dist/database/embedded-store.worker.js")].find((f) =>
    existsSync(f),
  ) ?? join(__dirname, "embedded-store.worker.js");
// The number in the socket file's name only; nothing listens on a TCP port.
const SOCKET_PORT = 5432;
const STOP_TIMEOUT_MS = 10_000;
// sun_path holds 108 bytes on Linux (104 on macOS), with its terminating NUL.
const MAX_SOCKET_PATH = 103;

/** Starts PGlite on `dataDir/pglite` in a worker thread, served on a unix socket only this user can open. */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  if (!existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing: build the API first (npm run build)`);
  // A private directory: the socket is reachable by this user only, from the moment it exists.
  // Absolute: `pg` takes a host starting with "/" for a socket directory, anything else for a host name.
  const socketDir = resolve(dataDir, "socket");
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  chmodSync(socketDir, 0o700);
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`DATA_DIR ${dataDir} is too long: the embedded store's socket path ${socketPath} must fit in ${MAX_SOCKET_PATH} bytes`);
  }
  const workerData: EmbeddedStoreWorkerData = { pgliteDir: join(dataDir, "pglite"), socketPath };
  const worker = new Worker(WORKER_FILE, { workerData });
  const exited = new Promise<void>((done) => worker.once("exit", () => done()));

  let failure: Error | undefined;
  worker.on("error", (error) => (failure = error));
  await new Promise<void>((resolveStart, reject) => {
    worker.once("exit", (code) => reject(failure ?? new Error(`the embedded store's worker exited with ${code} before it was ready`)));
    worker.once("message", (message: EmbeddedStoreWorkerMessage) => {
      if (message.type === "ready") resolveStart();
      else if (message.type === "failed") reject(new Error(`the embedded store did not start: ${message.message}`));
    });
  });

  const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  worker.on("message", (message: EmbeddedStoreWorkerMessage) => {
    if (message.type !== "backup") return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.bytes) waiting?.resolve(message.bytes);
    else waiting?.reject(new Error(`the embedded store's backup failed: ${message.error ?? "unknown error"}`));
  });
  const backup = () =>
    new Promise<Uint8Array>((resolveBackup, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolveBackup, reject });
      worker.postMessage({ type: "backup", id } satisfies EmbeddedStoreWorkerRequest);
    });

  let stopping: Promise<void> | undefined;
  // Without its store the node can only answer 503s, and liveness would never restart it: crash instead.
  worker.once("exit", (code) => {
    if (stopping) return;
    throw new Error(`the embedded store's worker stopped unexpectedly (exit code ${code})`, { cause: failure });
  });
  const stop = () =>
    (stopping ??= (async () => {
      worker.postMessage({ type: "stop" } satisfies EmbeddedStoreWorkerRequest);
      const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    })());
  return { socketDir, socketPort: SOCKET_PORT, backup, stop };
}
