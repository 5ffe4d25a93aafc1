import { describe, expect, it } from "vitest";
import { ListUsersQuerySchema } from "./users";
import { CountUsersQuerySchema, ExportUsersQuerySchema } from "./users-filters";

const schemas = { list: ListUsersQuerySchema, count: CountUsersQuerySchema, export: ExportUsersQuerySchema };

/** The one field an invalid query is refused for. */
const refusedField = (schema: (typeof schemas)[keyof typeof schemas], query: Record<string, unknown>) => {
  const result = schema.safeParse(query);
  expect(result.success, JSON.stringify(query)).toBe(false);
  return [...new Set(result.error!.issues.map((i) => i.path.join(".")))];
};

describe.each(Object.entries(schemas))("filters of %s", (_name, schema) => {
  it("should refuse a country list when an item is empty or repeated", () => {
    for (const country of ["LU,,FR", "LU,", ",LU", ",", " , ", "LU, ,FR", "LU,LU", "lu,LU", "FR,LU,fr"]) {
      expect(refusedField(schema, { country }), country).toEqual(["country"]);
    }
  });

  it("should refuse a list or date parameter when it is given twice", () => {
    for (const field of ["country", "registeredFrom", "registeredTo"]) {
      expect(refusedField(schema, { [field]: ["2026-01-01", "2026-01-02"] })).toEqual([field]);
    }
  });

  it("should refuse a date when it is outside 1970 to 9999 in UTC", () => {
    const cases: [string, string][] = [
      ["registeredFrom", "0000-01-01"],
      ["registeredTo", "0000-01-01"],
      ["registeredFrom", "9999-12-31T23:59:59-12:00"],
      ["registeredTo", "9999-12-31T23:59:59-12:00"],
      ["registeredFrom", "1969-12-31T23:59:59.999Z"],
      ["registeredFrom", "1970-01-01T00:30:00+01:00"],
    ];
    for (const [field, value] of cases) expect(refusedField(schema, { [field]: value }), `${field}=${value}`).toEqual([field]);
  });

  it("should accept the edges of the range and a clean list", () => {
    const parsed = schema.parse({ country: "fr, LU", registeredFrom: "1970-01-01", registeredTo: "9999-12-31T23:59:59+12:00" });
    expect(parsed).toMatchObject({ country: ["FR", "LU"] });
    expect(parsed.registeredFrom?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(parsed.registeredTo?.toISOString()).toBe("9999-12-31T11:59:59.000Z");
  });
});
