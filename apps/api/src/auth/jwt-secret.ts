import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../config/config";

/**
 * `JWT_SECRET` when set (required in production). In development a secret is generated once and
 * kept in DATA_DIR, so tokens survive restarts.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.jwt.secret) return config.jwt.secret;
  const file = join(config.dataDir, "jwt-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(48).toString("base64url");
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  }
}
