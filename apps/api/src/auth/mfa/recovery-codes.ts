import { createHash, randomInt } from "node:crypto";

// No 0/o, 1/l/i: codes are read from paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

/** Ten single-use codes, `xxxx-xxxx-xx` (10 characters, ~49 bits each), shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
}

/**
 * What is stored of a recovery code. A fast hash suffices: the codes are random and long enough that
 * no dictionary helps, and a guess must go through the 5-tries challenge anyway.
 */
export const hashRecoveryCode = (code: string): string =>
  createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("base64url");

/** The challenge handed to a client is random; only its hash is stored. */
export const hashChallenge = (challenge: string): string => createHash("sha256").update(challenge).digest("base64url");
