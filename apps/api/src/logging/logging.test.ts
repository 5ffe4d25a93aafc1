import { describe, expect, it } from "vitest";
import { maskEmail, maskUrl } from "./logging";

describe("log masking", () => {
  it("should keep only the first letter and the domain when masking an email", () => {
    expect(maskEmail("ahmed.ali@example.com")).toBe("a***@example.com");
  });

  it("should drop query values when logging a URL", () => {
    expect(maskUrl("/api/v1/users?q=ahmed%40example.com&limit=20")).toBe("/api/v1/users?q=…&limit=…");
    expect(maskUrl("/api/v1/users")).toBe("/api/v1/users");
  });
});
