import { describe, expect, it } from "vitest";
import { describeError } from "./error-chain";

class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}
class DrizzleQueryError extends Error {}

describe("describeError", () => {
  it("should keep class, code and constraint along the cause chain and drop every message", () => {
    const cause = new DatabaseError('duplicate key value violates unique constraint "accounts_email_key"', "23505", "accounts_email_key");
    const error = new DrizzleQueryError(
      "Failed query: insert into accounts … params: Ahmed Ali,ahmed@example.com,+352691234567,$argon2id$v=19$…",
      {
        cause,
      },
    );
    const described = describeError(error);
    expect(described).toBe("DrizzleQueryError <- DatabaseError code=23505 constraint=accounts_email_key");
    for (const leak of ["Ahmed", "ahmed@example.com", "+352", "argon2", "params", "duplicate key"]) expect(described).not.toContain(leak);
  });

  it("should drop a code or constraint that is not an identifier, since it could carry data", () => {
    const error = Object.assign(new Error("x"), { code: "a b@example.com", constraint: "has space" });
    expect(describeError(error)).toBe("Error");
    expect(describeError("a string with a.person@example.com")).toBe("string");
  });
});
