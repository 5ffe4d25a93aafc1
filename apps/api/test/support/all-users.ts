import { type PublicUser, UsersPageSchema } from "@moien/contracts";
import { httpClient } from "./factories";

/** Every user the API lists, page after page (newest first). */
export async function allUsers(url: string, token: string): Promise<PublicUser[]> {
  const http = httpClient(url);
  const users: PublicUser[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = UsersPageSchema.parse((await http.request("GET", query, { token })).body);
    users.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return users;
}
