import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEARCH_CORPUS } from "./search-corpus";
import {
  isPhoneQuery,
  normalizeSearchText,
  phoneDigits,
  SEARCH_FROM,
  SEARCH_TEXT_MAX,
  SEARCH_TO,
  searchDocument,
  searchNeedle,
} from "./search-text";
import { userMatchesFilters } from "./users-filters";

const user = {
  id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71",
  fullName: "أحمد مُحَمَّد Müller",
  countryCode: "LU",
  countryName: "Luxembourg",
  phone: "+352691234567",
  email: "jose.ali@gmail.com",
  createdAt: "2026-02-01T12:00:00.000Z",
};

const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("normalizeSearchText", () => {
  it.each(SEARCH_CORPUS)("should fold %j to %j", (input, folded) => {
    expect(normalizeSearchText(input)).toBe(folded);
  });

  it("should keep its translate tables the same length when a letter is added", () => {
    expect([...SEARCH_FROM]).toHaveLength([...SEARCH_TO].length);
  });

  it("should be idempotent for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        const once = normalizeSearchText(text);
        expect(normalizeSearchText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("should stay within 300 code points and never leave a lone surrogate, even when cut", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 700 }), (text) => {
        const folded = normalizeSearchText(text);
        expect([...folded].length).toBeLessThanOrEqual(SEARCH_TEXT_MAX);
        expect(hasLoneSurrogate(folded)).toBe(false);
        expect(folded).toBe(folded.trim());
      }),
      { numRuns: 2000 },
    );
    expect(normalizeSearchText("𝒜".repeat(400))).toBe("𝒜".repeat(300));
    expect(normalizeSearchText(`${"a".repeat(299)} b`)).toBe("a".repeat(299));
    expect(normalizeSearchText("\ud800x")).toBe("\ufffdx");
  });

  it("should keep every folded text findable by any part of it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.nat(), fc.nat(), (text, a, b) => {
        const folded = normalizeSearchText(text);
        const [from, to] = [a % (folded.length + 1), b % (folded.length + 1)].sort((x, y) => x - y);
        const part = folded.slice(from, to).trim();
        if (part.length > 0 && !hasLoneSurrogate(part)) expect(folded.includes(normalizeSearchText(part))).toBe(true);
      }),
    );
  });
});

describe("phone queries", () => {
  it("should treat digits, spaces and + ( ) - . as a phone query when it has a digit", () => {
    expect(isPhoneQuery(normalizeSearchText("+352 691"))).toBe(true);
    expect(isPhoneQuery(normalizeSearchText("(691) 23-45.67"))).toBe(true);
    expect(isPhoneQuery(normalizeSearchText("٦٩١"))).toBe(true);
    expect(isPhoneQuery(normalizeSearchText("+ - ."))).toBe(false);
    expect(isPhoneQuery(normalizeSearchText("691a"))).toBe(false);
    expect(phoneDigits(normalizeSearchText("+٣٥٢ (691)"))).toBe("352691");
  });

  it("should look for the digits of a phone query and the folded text otherwise", () => {
    expect(searchNeedle("+352 691")).toBe("352691");
    expect(searchNeedle("  Müller ")).toBe("muller");
  });
});

describe("searchDocument and userMatchesFilters", () => {
  it("should hold the folded name, the folded email and the phone digits on three lines", () => {
    expect(searchDocument(user)).toBe("احمد محمد muller\njose.ali@gmail.com\n352691234567");
    expect(searchDocument({ fullName: "Admin", email: "a@b.c", phone: null })).toBe("admin\na@b.c\n");
  });

  it.each([
    ["احمد", true],
    ["أحمد", true],
    ["محمد", true],
    ["muller", true],
    ["MÜLLER", true],
    ["JOSÉ", true],
    ["@gmail.com", true],
    ["٦٩١", true],
    ["+352 691", true],
    ["691 234 567", true],
    ["ahmed", false],
    ["muller jose", false],
    ["zzqx", false],
  ])("should match q=%j: %s", (q, expected) => {
    expect(userMatchesFilters(user, { q })).toBe(expected);
  });

  it("should combine q, country and dates with AND", () => {
    expect(userMatchesFilters(user, { q: "muller", country: ["FR", "LU"] })).toBe(true);
    expect(userMatchesFilters(user, { q: "muller", country: ["FR"] })).toBe(false);
    expect(userMatchesFilters(user, { registeredFrom: new Date("2026-02-01"), registeredTo: new Date("2026-02-02") })).toBe(true);
    expect(userMatchesFilters(user, { registeredFrom: new Date("2026-02-01T12:00:00.001Z") })).toBe(false);
    expect(userMatchesFilters(user, { registeredTo: new Date("2026-02-01T12:00:00.000Z") })).toBe(false);
  });
});
