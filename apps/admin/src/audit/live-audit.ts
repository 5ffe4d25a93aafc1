import type { AuditEntry, AuditPage } from "@moien/contracts";
import type { InfiniteData } from "@tanstack/react-query";

export type AuditData = InfiniteData<AuditPage, string | null>;

/**
 * An entry pushed by the `/audit` socket, put on top of a cached log once (an entry the first page
 * already holds, or of another action than the page's filter, changes nothing: the same object back).
 */
export function prependEntry(data: AuditData | undefined, entry: AuditEntry, action: string | null): AuditData | undefined {
  if (!data || (action !== null && entry.action !== action)) return data;
  if (data.pages.some((page) => page.items.some((item) => item.id === entry.id))) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data;
  return { ...data, pages: [{ ...first, items: [entry, ...first.items] }, ...rest] };
}
