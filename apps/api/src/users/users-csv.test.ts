import type { PublicUser } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { csvField, csvLine, inertText, usersCsvHeader, usersCsvRow } from "./users-csv";

const aUser = (overrides: Partial<PublicUser> = {}): PublicUser => ({
  id: "7b0c1a52-1f5e-4a3e-9b1e-2f1d3c4b5a69",
  fullName: "Ahmed Mohamed Ali",
  countryCode: "LU",
  countryName: "Luxembourg",
  phone: "+352691234567",
  email: "ahmed@example.com",
  createdAt: "2026-02-01T12:00:00.000Z",
  ...overrides,
});

describe("users CSV", () => {
  it("should write the header row with CRLF", () => {
    expect(usersCsvHeader()).toBe('"id","fullName","countryCode","countryName","phone","email","createdAt"\r\n');
  });

  it("should quote every field, doubling inner quotes", () => {
    expect(csvField("Luxembourg")).toBe('"Luxembourg"');
    expect(csvField("")).toBe('""');
    expect(csvField("Ali, Ahmed")).toBe('"Ali, Ahmed"');
    expect(csvField('The "Boss"')).toBe('"The ""Boss"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField("Ab;=cmd")).toBe('"Ab;=cmd"');
    expect(csvLine(["a", "b,c", '"'])).toBe('"a","b,c",""""\r\n');
  });

  it("should prefix a quote when a text begins with a formula character", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(inertText(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(inertText("Ahmed=1")).toBe("Ahmed=1");
    expect(inertText("'quoted")).toBe("'quoted");
  });

  it("should make name and email inert but keep the E.164 phone as it is", () => {
    expect(usersCsvRow(aUser({ fullName: '=HYPERLINK("http://x")', email: "@evil.example" }))).toBe(
      `"7b0c1a52-1f5e-4a3e-9b1e-2f1d3c4b5a69","'=HYPERLINK(""http://x"")","LU","Luxembourg","+352691234567","'@evil.example","2026-02-01T12:00:00.000Z"\r\n`,
    );
  });

  it("should quote after prefixing when the prefixed text begins with CR", () => {
    expect(usersCsvRow(aUser({ fullName: "\rname" }))).toContain(`,"'\rname",`);
  });

  it("should keep an Arabic name intact", () => {
    expect(usersCsvRow(aUser({ fullName: "أحمد محمد علي" }))).toContain(',"أحمد محمد علي",');
  });
});
