import { type PublicUser, UsersPageSchema } from "@moien/contracts";
import { httpClient } from "./factories";

type PageSchema<T> = { parse(body: unknown): { items: T[]; nextCursor: string | null } };

/** Every item of a cursor-paged list (`/api/v1/users`, `/api/v1/audit`, with or without a query), page after page. */
export async function allPages<T>(url: string, token: string, path: string, schema: PageSchema<T>): Promise<T[]> {
  const http = httpClient(url);
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `${path}${path.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = schema.parse((await http.request("GET", query, { token })).body);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Every user the API lists, page after page (newest first). */
export function allUsers(url: string, token: string): Promise<PublicUser[]> {
  return allPages(url, token, "/api/v1/users", UsersPageSchema);
}
