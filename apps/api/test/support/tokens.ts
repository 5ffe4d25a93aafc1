import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** base64url of a JSON part of a JWT. */
export const jwtPart = (part: unknown): string => Buffer.from(JSON.stringify(part)).toString("base64url");

/** The development JWT secret the app generated in its DATA_DIR. */
export const devSecret = (dataDir: string): string => readFileSync(join(dataDir, "jwt-secret"), "utf8").trim();

/** An HS256-signed token with any header and claims: for forging expired, wrong-role or wrong-key tokens. */
export function signToken(claims: object, key: string, header: object = { alg: "HS256", typ: "JWT" }): string {
  const unsigned = `${jwtPart(header)}.${jwtPart(claims)}`;
  return `${unsigned}.${createHmac("sha256", key).update(unsigned).digest("base64url")}`;
}
