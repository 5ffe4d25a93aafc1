import { EmailSchema, FullNameSchema } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { toE164 } from "../users/phone";
import { COUNTRY_PLANS } from "./synthetic-people";
import { phoneOf, SyntheticUsers } from "./synthetic-users";

const NOW = new Date("2026-06-15T12:00:00.000Z");

describe("SyntheticUsers", () => {
  const users = new SyntheticUsers(NOW);
  const sample = Array.from({ length: 20_000 }, (_, seq) => users.user(seq));

  it("should make the same user when given the same sequence number", () => {
    expect(users.user(12_345)).toEqual(new SyntheticUsers(NOW).user(12_345));
  });

  it("should never repeat an email or a phone when the numbers differ", () => {
    expect(new Set(sample.map((u) => u.email)).size).toBe(sample.length);
    expect(new Set(sample.map((u) => u.phone)).size).toBe(sample.length);
  });

  it("should make records the registration rules accept when validated like a request", () => {
    for (const user of sample.filter((_, i) => i % 7 === 0)) {
      expect(FullNameSchema.parse(user.fullName)).toBe(user.fullName);
      expect(EmailSchema.parse(user.email)).toBe(user.email);
      expect(toE164(user.phone, user.countryCode)).toBe(user.phone);
    }
  });

  it("should spread registrations over the last two years when many are made", () => {
    const times = sample.map((u) => u.createdAt.getTime());
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 730 * 86_400_000);
    expect(Math.min(...times)).toBeLessThan(NOW.getTime() - 600 * 86_400_000);
  });

  it("should mix scripts, diacritics and every country when many are made", () => {
    const names = sample.map((u) => u.fullName);
    expect(names.some((n) => /[\u0600-\u06ff]/.test(n))).toBe(true);
    expect(names.some((n) => /[\u064b-\u0652]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes("Müller"))).toBe(true);
    expect(names.some((n) => n.includes("Muller"))).toBe(true);
    expect(names.some((n) => /\bAhmed\b/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith("أحمد"))).toBe(true);
    expect(new Set(sample.map((u) => u.countryCode))).toEqual(new Set(COUNTRY_PLANS.map((p) => p.code)));
  });
});

describe("phoneOf", () => {
  it("should give valid mobile numbers at both ends of every prefix's range", () => {
    for (const plan of COUNTRY_PLANS) {
      const last = plan.mobilePrefixes.length * 10 ** plan.digits - 1;
      for (const ordinal of [0, 1, plan.mobilePrefixes.length - 1, last - 1, last, 7_777_777 % (last + 1)]) {
        const phone = phoneOf(plan, ordinal);
        expect(toE164(phone, plan.code), `${plan.code} ${phone}`).toBe(phone);
      }
    }
  });

  it("should refuse an ordinal past the country's numbering plan", () => {
    const plan = COUNTRY_PLANS[0]!;
    expect(() => phoneOf(plan, plan.mobilePrefixes.length * 10 ** plan.digits)).toThrow(RangeError);
  });
});
