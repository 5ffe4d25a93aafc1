import type { AuditEntry } from "@moien/contracts";

const KNOWN_KEYS = ["q", "country", "registeredFrom", "registeredTo", "order"] as const;

/** The details of an entry as short `key: value` pairs (an export's filters); nothing else is personal. */
export function detailPairs(entry: AuditEntry): [string, string][] {
  const details = entry.details;
  const pairs: [string, string][] = [];
  const keys = [...KNOWN_KEYS.filter((key) => key in details), ...Object.keys(details).filter((key) => !(KNOWN_KEYS as readonly string[]).includes(key))];
  for (const key of keys) {
    const value = details[key];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        if (innerValue !== undefined && innerValue !== null && innerValue !== "") pairs.push([`${key}.${inner}`, stringOf(innerValue)]);
      }
      continue;
    }
    pairs.push([key, stringOf(value)]);
  }
  return pairs;
}

const stringOf = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(",") : typeof value === "object" ? JSON.stringify(value) : String(value));
