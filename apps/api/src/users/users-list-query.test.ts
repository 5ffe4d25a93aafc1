import { describe, expect, it } from "vitest";
import { searchOf } from "./users-list-query";

describe("searchOf", () => {
  it.each([
    ["ahmed", "ahmed", true],
    ["أحمد", "احمد", true],
    ["Mü", "mu", false],
    ["a-b-c", "a-b-c", false],
    ["+352 691", "352691", true],
    ["٦٩", "69", false],
    ["ـ", "", false],
  ])("should look for %j as %j, with trigrams: %s", (q, needle, trigrams) => {
    expect(searchOf({ q })).toEqual({ needle, trigrams });
  });

  it("should search nothing when there is no q", () => {
    expect(searchOf({ country: ["LU"] })).toEqual({ needle: "", trigrams: false });
  });
});
