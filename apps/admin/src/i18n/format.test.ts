import { describe, expect, it } from "vitest";
import { createFormatters, flagEmoji, isolate } from "./format";

describe("format", () => {
  it("should build the flag from regional indicators when the code is two letters", () => {
    expect(flagEmoji("LU")).toBe("🇱🇺");
    expect(flagEmoji("lu")).toBe("");
  });

  it("should use Arabic-Indic digits when the language is Arabic", () => {
    expect(createFormatters("ar").number(1234)).toMatch(/^[٠-٩٬]+$/);
    expect(createFormatters("en").number(1234)).toBe("1,234");
  });

  it("should keep the server's country name in English and translate it when the language is Arabic", () => {
    expect(createFormatters("en").country("LU", "Luxembourg")).toBe("Luxembourg");
    expect(createFormatters("ar").country("LU", "Luxembourg")).not.toBe("Luxembourg");
  });

  it("should wrap text in first-strong isolates when isolating", () => {
    expect(isolate("a@b.c")).toBe("\u2068a@b.c\u2069");
  });
});
