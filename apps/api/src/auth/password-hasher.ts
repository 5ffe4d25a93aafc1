import { Injectable } from "@nestjs/common";
import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. 2 = Algorithm.Argon2id
// (a const enum, which isolated transpilers cannot inline).
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hashing, off the event loop (libuv thread pool). */
@Injectable()
export class PasswordHasher {
  // Verified against when the email is unknown, so both failures cost the same time.
  private readonly decoy = hash("decoy-password-never-valid", ARGON2ID);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2ID);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
