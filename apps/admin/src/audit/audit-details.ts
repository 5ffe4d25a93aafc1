import type { AuditEntry } from "@moien/contracts";

// The stored JSON does not keep key order (PostgreSQL's jsonb sorts keys): known keys come in this order.
const ORDER = ["order", "filters.search", "filters.country", "filters.registeredFrom", "filters.registeredTo", "email", "via"];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The details of an entry as flat `key: value` pairs, nested objects as `filters.country`. */
export function detailPairs(entry: AuditEntry): [string, string][] {
  const pairs: [string, string][] = [];
  const walk = (value: unknown, key: string) => {
    if (value === undefined || value === null || value === "") return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) walk(innerValue, key ? `${key}.${inner}` : inner);
      return;
    }
    pairs.push([key, Array.isArray(value) ? value.map(text).join(",") : text(value)]);
  };
  walk(entry.details, "");
  return pairs.sort((a, b) => rank(a[0]) - rank(b[0]));
}
