import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config/config";
import { MIN_SECRET_BYTES, resolveJwtSecret } from "./jwt-secret";

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "moien-jwt-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("resolveJwtSecret", () => {
  it("should generate a secret of at least 32 bytes once, mode 0600, leaving no temp file, and reuse it", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    const secret = resolveJwtSecret(config);
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(MIN_SECRET_BYTES);
    const file = join(dir, "jwt-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["jwt-secret"]);
    expect(resolveJwtSecret(config)).toBe(secret);
  });

  it("should refuse, naming the file, a secret file that is empty or shorter than 32 bytes", () => {
    for (const content of ["", "\n", "x".repeat(MIN_SECRET_BYTES - 1)]) {
      const dir = dataDir();
      const file = join(dir, "jwt-secret");
      writeFileSync(file, content);
      const attempt = () => resolveJwtSecret(loadConfig({ DATA_DIR: dir }));
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(file);
      expect(readFileSync(file, "utf8")).toBe(content); // left as found for the operator
    }
  });

  it("should accept a 32-byte secret file and prefer JWT_SECRET when it is set", () => {
    const dir = dataDir();
    writeFileSync(join(dir, "jwt-secret"), "k".repeat(MIN_SECRET_BYTES) + "\n");
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir }))).toBe("k".repeat(MIN_SECRET_BYTES));
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir, JWT_SECRET: "e".repeat(32) }))).toBe("e".repeat(32));
  });
});
