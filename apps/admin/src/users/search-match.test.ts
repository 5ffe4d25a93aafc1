import { describe, expect, it } from "vitest";
import { makeUser } from "../test/factories";
import { matchesSearch } from "./search-match";

const user = makeUser({ fullName: "Ahmed Mohamed Ali", email: "ahmed@example.com", phone: "+352691234567" });

describe("matchesSearch", () => {
  it.each([
    ["", true],
    ["mohamed", true],
    ["AHMED@EX", true],
    ["691 234", true],
    ["(691) 23-45", true],
    ["+352691", true],
    ["sara", false],
    ["ahmed1", false],
    ["999", false],
  ])("should answer %j → %s when matched like the server", (search, expected) => {
    expect(matchesSearch(user, search)).toBe(expected);
  });

  it("should match Arabic names when the search is a substring", () => {
    expect(matchesSearch(makeUser({ fullName: "أحمد محمد علي" }), "محمد")).toBe(true);
  });
});
