import { lock } from "proper-lockfile";

export class DataDirInUseError extends Error {
  constructor(dataDir: string) {
    super(`DATA_DIR ${dataDir} is in use by another process (the embedded database allows one process at a time)`);
  }
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it, so the
 * directory is locked for the life of the process. A crashed holder's lock goes stale in seconds.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lock(dataDir, { lockfilePath: `${dataDir}/.lock`, stale: 10_000, update: 2_000 });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DataDirInUseError(dataDir);
    throw error;
  }
}
