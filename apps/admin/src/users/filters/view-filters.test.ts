import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { userMatchesFilters } from "@moien/contracts";
import { filtersOfQuery, readViewFilters, toViewQuery, viewKey, writeViewFilters } from "./view-filters";

describe("view filters", () => {
  it("should read back what it wrote when a view goes through the address", () => {
    const filters = { q: "أحمد", country: ["FR", "LU"], from: "2026-11-01", to: "2026-11-30" };

    const search = writeViewFilters(filters);

    expect(search).toBe("?q=%D8%A3%D8%AD%D9%85%D8%AF&country=FR%2CLU&from=2026-11-01&to=2026-11-30");
    expect(readViewFilters(search)).toEqual(filters);
  });

  it("should keep unrelated parameters and drop empty filters when the address is written", () => {
    expect(writeViewFilters({ q: "", country: [], from: "", to: "2026-01-31" }, "?q=old&tab=x")).toBe("?tab=x&to=2026-01-31");
  });

  it("should drop values the API would refuse when a shared link is malformed", () => {
    expect(readViewFilters("?country=Luxembourg&from=2026-02-30&to=yesterday&q=%20ali%20")).toEqual({
      q: "ali",
      country: [],
      from: "",
      to: "",
    });
    expect(readViewFilters("?country=lu,fr").country).toEqual(["FR", "LU"]);
    expect(readViewFilters("?country=lu,fr,LU").country).toEqual([]);
    expect(readViewFilters("?country=LU,,FR").country).toEqual([]);
    expect(readViewFilters("?from=0000-01-01&to=9999-12-31")).toMatchObject({ from: "", to: "" });
  });

  it("should send the day after the end date when the range ends on a whole day", () => {
    expect(toViewQuery({ q: "", country: ["LU"], from: "2026-12-01", to: "2026-12-31" })).toEqual({
      country: "LU",
      registeredFrom: "2026-12-01",
      registeredTo: "2027-01-01",
    });
  });

  it("should leave the range out when the end date is before the start date", () => {
    expect(toViewQuery({ q: "x", country: [], from: "2026-12-05", to: "2026-12-01" })).toEqual({ q: "x" });
  });

  it("should match live users by the view's rules when a query is parsed", () => {
    const filters = filtersOfQuery(toViewQuery({ q: "", country: ["LU"], from: "2026-12-01", to: "2026-12-01" }));
    const inRange = makeUser({ countryCode: "LU", createdAt: "2026-12-01T23:59:59.999Z" });

    expect(userMatchesFilters(inRange, filters)).toBe(true);
    expect(userMatchesFilters({ ...inRange, createdAt: "2026-12-02T00:00:00.000Z" }, filters)).toBe(false);
    expect(userMatchesFilters({ ...inRange, countryCode: "FR" }, filters)).toBe(false);
  });

  it("should give one identity to a query whatever the order of its keys", () => {
    expect(viewKey({ q: "a", country: "LU" })).toBe(viewKey({ country: "LU", q: "a" }));
    expect(viewKey({ q: "a" })).not.toBe(viewKey({ country: "a" }));
  });
});
