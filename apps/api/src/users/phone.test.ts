import { describe, expect, it } from "vitest";
import { countryNameOf, isRegistrableCountry, toE164 } from "./phone";

describe("toE164", () => {
  it("should accept a national number when it is valid for the country", () => {
    expect(toE164("691 234 567", "LU")).toBe("+352691234567");
  });

  it("should accept international forms when they belong to the country", () => {
    expect(toE164("+352 691 234 567", "LU")).toBe("+352691234567");
    expect(toE164("00352691234567", "LU")).toBe("+352691234567");
  });

  it("should refuse a number when it belongs to another country", () => {
    expect(toE164("+33612345678", "LU")).toBeNull();
  });

  it("should refuse garbage and unknown countries", () => {
    expect(toE164("hello", "LU")).toBeNull();
    expect(toE164("123", "LU")).toBeNull();
    expect(toE164("+352691234567", "ZZ")).toBeNull();
  });
});

describe("countryNameOf", () => {
  it("should give the English short name when the code is known", () => {
    expect(countryNameOf("LU")).toBe("Luxembourg");
    expect(countryNameOf("EG")).toBe("Egypt");
    expect(isRegistrableCountry("LU")).toBe(true);
  });

  it("should refuse when the code is not a country", () => {
    expect(isRegistrableCountry("ZZ")).toBe(false);
    expect(isRegistrableCountry("XX")).toBe(false);
  });
});
