import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type AppConfig, ConfigError } from "../config/config";

/** HS256 with a shorter key is guessable offline from one token (RFC 7518 asks for at least 256 bits). */
export const MIN_SECRET_BYTES = 32;

/**
 * `JWT_SECRET` when set (required in production and with Redis). In development a secret is
 * generated once and kept in DATA_DIR, so tokens survive restarts. A file too short to be safe
 * (empty, truncated, hand-edited) stops the start: replacing it silently would sign everyone out.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.jwt.secret) return config.jwt.secret;
  const file = join(config.dataDir, "jwt-secret");
  return readSecret(file) ?? generateSecret(config.dataDir, file);
}

function readSecret(file: string): string | undefined {
  let secret: string;
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `The JWT secret file ${file} holds ${bytes} bytes; at least ${MIN_SECRET_BYTES} are needed. ` +
        `Delete it to have a new one generated (existing tokens stop working), or set JWT_SECRET.`,
    );
  }
  return secret;
}

// Written whole to a temp file, then published with link(): a reader never sees a partial file, and
// of two processes generating at once the second finds the first's secret instead of replacing it.
function generateSecret(dataDir: string, file: string): string {
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, secret + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return secret;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      // Another process published its secret first: use that one.
      const theirs = readSecret(file);
      if (theirs) return theirs;
    }
    // A file system without hard links: rename is atomic too, only not exclusive.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    renameSync(temp, file);
    return secret;
  } finally {
    rmSync(temp, { force: true });
  }
}
