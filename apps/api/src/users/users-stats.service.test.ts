import { describe, expect, it } from "vitest";
import { lastUtcDays } from "./users-stats.service";

describe("lastUtcDays", () => {
  it("should end with the UTC day of now when the local day differs", () => {
    const days = lastUtcDays(new Date("2026-03-01T23:30:00-05:00"), 30);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toBe("2026-03-02");
    expect(days[0]).toBe("2026-02-01");
  });

  it("should cross a leap day oldest first without gaps", () => {
    const days = lastUtcDays(new Date("2028-03-01T00:00:00Z"), 3);
    expect(days).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });
});
