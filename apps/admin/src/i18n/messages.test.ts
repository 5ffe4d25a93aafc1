import { describe, expect, it } from "vitest";
import { createFormatters, formatPhone } from "./format";
import { catalogs } from "./messages";

describe("plural forms", () => {
  it("should pick each of the six Arabic forms when the count calls for it", () => {
    const { usersCount } = catalogs.ar;
    const number = createFormatters("ar").number;
    const say = (n: number) => usersCount(n, number(n));

    expect([0, 1, 2, 3, 11, 100].map(say)).toEqual([
      "لا يوجد مستخدمون",
      "مستخدم واحد",
      "مستخدمان",
      "٣ مستخدمين",
      "١١ مستخدمًا",
      "١٠٠ مستخدم",
    ]);
  });

  it("should use one and other when the language is English", () => {
    expect(catalogs.en.usersCount(1, "1")).toBe("1 user");
    expect(catalogs.en.registrations(0, "0")).toBe("0 registrations");
    expect(catalogs.en.seconds(2, "2")).toBe("2 seconds");
  });
});

describe("formatPhone", () => {
  it("should group an E.164 number for reading when the metadata knows it", () => {
    expect(formatPhone("+352691234567")).toBe("+352 691 234 567");
    expect(formatPhone("+33612345678")).toBe("+33 6 12 34 56 78");
  });

  it("should show the value as it is when it is not a phone number", () => {
    expect(formatPhone("+999")).toBe("+999");
  });
});
