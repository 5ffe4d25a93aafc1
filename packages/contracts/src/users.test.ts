import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { LoginRequestSchema } from "./auth";
import { ListUsersQuerySchema, PublicUserSchema, RegisterUserRequestSchema, UserIdParamSchema } from "./users";

const valid = {
  fullName: "Ahmed Mohamed Ali",
  countryCode: "LU",
  phone: "691 234 567",
  email: "user@example.com",
  password: "correct-horse-1",
};

describe("RegisterUserRequestSchema", () => {
  it("should normalise name, country and email when they are valid", () => {
    const parsed = RegisterUserRequestSchema.parse({
      ...valid,
      fullName: "  Ahmed \n Mohamed  Ali ",
      countryCode: "lu",
      email: " User@Example.COM ",
    });
    expect(parsed).toMatchObject({ fullName: "Ahmed Mohamed Ali", countryCode: "LU", email: "user@example.com" });
  });

  it("should count characters, not UTF-16 units, when checking the name length", () => {
    expect(RegisterUserRequestSchema.safeParse({ ...valid, fullName: "𝒜𝒷" }).success).toBe(true);
    expect(RegisterUserRequestSchema.safeParse({ ...valid, fullName: "𝒜".repeat(101) }).success).toBe(false);
  });

  it("should refuse names without letters or with control characters", () => {
    expect(RegisterUserRequestSchema.safeParse({ ...valid, fullName: "12345" }).success).toBe(false);
    expect(RegisterUserRequestSchema.safeParse({ ...valid, fullName: "Ahmed\u0000Ali" }).success).toBe(false);
  });

  it("should refuse a name with a bidirectional override or an invisible format character, naming fullName", () => {
    const invisible = [
      ...["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"],
      ...["\u200E", "\u200F", "\u061C", "\u200B", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u{E0041}"],
    ];
    for (const c of invisible) {
      const result = RegisterUserRequestSchema.safeParse({ ...valid, fullName: `Ahmed${c} Ali` });
      expect(
        result.error?.issues.map((i) => [i.path.join("."), i.message]),
        `U+${c.codePointAt(0)!.toString(16)}`,
      ).toEqual([["fullName", "fullName must not contain invisible or text-direction characters"]]);
    }
    // An emoji joined by U+200D is refused too: a name has no use for it.
    expect(RegisterUserRequestSchema.safeParse({ ...valid, fullName: "Ali \u{1F468}\u200D\u{1F469}" }).success).toBe(false);
  });

  it("should accept U+200C ZERO WIDTH NON-JOINER when a Persian name needs it", () => {
    expect(RegisterUserRequestSchema.parse({ ...valid, fullName: "زهرا نیک\u200Cنام" }).fullName).toBe("زهرا نیک\u200Cنام");
  });

  it("should say 'is required' for a missing field and 'must be a string' for a wrong type", () => {
    const result = RegisterUserRequestSchema.safeParse({ ...valid, email: undefined, password: 12345678 });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["email is required", "password must be a string"]);
  });

  it("should drop unknown keys such as a role", () => {
    expect(RegisterUserRequestSchema.parse({ ...valid, role: "admin" })).not.toHaveProperty("role");
  });
});

describe("ListUsersQuerySchema", () => {
  it("should default the limit to 50 and the order to newest, and coerce query strings", () => {
    expect(ListUsersQuerySchema.parse({})).toEqual({ limit: 50, order: "newest" });
    expect(ListUsersQuerySchema.parse({ limit: "20", q: "  ahmed   ali " })).toEqual({ limit: 20, q: "ahmed ali", order: "newest" });
  });

  it("should parse the filters: countries sorted, dates at midnight UTC", () => {
    const parsed = ListUsersQuerySchema.parse({
      country: "lu, FR",
      registeredFrom: "2026-02-01",
      registeredTo: "2026-02-02T10:00:00+02:00",
      order: "oldest",
    });
    expect(parsed).toMatchObject({ country: ["FR", "LU"], order: "oldest" });
    expect(parsed.registeredFrom?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(parsed.registeredTo?.toISOString()).toBe("2026-02-02T08:00:00.000Z");
  });

  it("should refuse limits outside 1 to 100", () => {
    for (const limit of ["0", "101", "x", "1.5"]) expect(ListUsersQuerySchema.safeParse({ limit }).success).toBe(false);
  });

  it("should refuse a limit when it is not written in decimal digits", () => {
    for (const limit of ["0x10", "1e1", " 5", "5 ", "+5", "", "0b1", "Infinity", ["5", "6"]]) {
      const result = ListUsersQuerySchema.safeParse({ limit });
      expect(result.success, JSON.stringify(limit)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["limit"]);
    }
    expect(ListUsersQuerySchema.parse({ limit: "016" }).limit).toBe(16);
    expect(ListUsersQuerySchema.parse({ limit: 16 }).limit).toBe(16);
  });
});

describe("PublicUserSchema and ids", () => {
  it("should refuse any key beyond the seven public ones", () => {
    const user = {
      id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71",
      fullName: "A B",
      countryCode: "LU",
      countryName: "Luxembourg",
      phone: "+352691234567",
      email: "a@b.co",
      createdAt: "2026-02-01T12:00:00.000Z",
    };
    expect(PublicUserSchema.parse(user)).toEqual(user);
    expect(PublicUserSchema.safeParse({ ...user, passwordHash: "x" }).success).toBe(false);
  });

  it("should lowercase an uppercase UUID and refuse a malformed one", () => {
    expect(UserIdParamSchema.parse({ id: "6F1C2A9E-1B7D-4C1E-9A52-0D3C0F9E8B71" }).id).toBe("6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71");
    expect(UserIdParamSchema.safeParse({ id: "123" }).success).toBe(false);
  });
});

describe("safe text in every request schema", () => {
  const unsafe = ["a\u0000b", "a\ud800b", "\udc00"];

  it("should refuse a NUL or a lone surrogate in every text field, naming the field", () => {
    const cases: [z.ZodType, Record<string, unknown>, string][] = [];
    for (const field of ["fullName", "countryCode", "phone", "email", "password"]) cases.push([RegisterUserRequestSchema, valid, field]);
    for (const field of ["email", "password"]) cases.push([LoginRequestSchema, { email: "a@b.co", password: "secret-1" }, field]);
    for (const field of ["q", "cursor"]) cases.push([ListUsersQuerySchema, {}, field]);
    cases.push([UserIdParamSchema, {}, "id"]);
    for (const [schema, base, field] of cases) {
      for (const value of unsafe) {
        const result = schema.safeParse({ ...base, [field]: value });
        expect(result.success, `${field}=${JSON.stringify(value)}`).toBe(false);
        const issue = result.error!.issues.find((i) => i.path[0] === field);
        expect(issue?.message, field).toMatch(new RegExp(`^${field} must`));
      }
    }
    expect(LoginRequestSchema.safeParse({ email: "a\u0000b", password: "0" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["email"], message: "email must not contain NUL or invalid characters" }),
    ]);
  });

  it("should say the body must be a JSON object, in the project's words, when it is not one", () => {
    for (const schema of [RegisterUserRequestSchema, LoginRequestSchema]) {
      for (const body of [[1, 2], "x", 42, null]) {
        expect(schema.safeParse(body).error?.issues.map((i) => i.message)).toEqual(["the body must be a JSON object"]);
      }
    }
  });
});
