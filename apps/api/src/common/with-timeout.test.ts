import { describe, expect, it } from "vitest";
import { findInCauseChain } from "./error-chain";
import { withTimeout } from "./with-timeout";

describe("withTimeout", () => {
  it("should pass the value through when the promise settles in time", async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000)).resolves.toBe(42);
  });

  it("should reject naming the operation when the promise is too slow", async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, "ping")).rejects.toThrow("ping took over 10 ms");
  });
});

describe("findInCauseChain", () => {
  it("should find a match when it is wrapped in causes", () => {
    const error = { message: "query failed", cause: { cause: { code: "23505", constraint: "accounts_email_key" } } };
    expect(findInCauseChain(error, (e) => (e.code === "23505" ? e.constraint : undefined))).toBe("accounts_email_key");
  });

  it("should give undefined when nothing in the chain matches", () => {
    expect(findInCauseChain(new Error("x"), (e) => (e.code === "23505" ? true : undefined))).toBeUndefined();
    expect(findInCauseChain("not an object", () => true)).toBeUndefined();
  });
});
