import type { AuditEntry } from "@moien/contracts";

/**
 * The details of an entry as flat `key: value` pairs, nested objects as `filters.country`; the
 * order the server wrote them in is kept (an export's order, then its filters).
 */
export function detailPairs(entry: AuditEntry): [string, string][] {
  const pairs: [string, string][] = [];
  const walk = (value: unknown, key: string) => {
    if (value === undefined || value === null || value === "") return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) walk(innerValue, key ? `${key}.${inner}` : inner);
      return;
    }
    pairs.push([key, Array.isArray(value) ? value.map(String).join(",") : String(value)]);
  };
  walk(entry.details, "");
  return pairs;
}
