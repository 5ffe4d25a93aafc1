import { infiniteQueryOptions, keepPreviousData, type QueryClient } from "@tanstack/react-query";
import type { UsersApi } from "../api/users-api";
import { mergeFirstPage } from "./live-merge";
import type { UsersData } from "./users-data";

export const PAGE_SIZE = 50;

export const usersQueryRoot = ["users"] as const;

export const usersQueryKey = (search: string) => [...usersQueryRoot, { q: search }] as const;

export type UsersQueryKey = ReturnType<typeof usersQueryKey>;

export const usersQueryOptions = (api: UsersApi, search: string) =>
  infiniteQueryOptions({
    queryKey: usersQueryKey(search),
    queryFn: ({ pageParam, signal }) => api.listUsers({ limit: PAGE_SIZE, cursor: pageParam, q: search || undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // The socket keeps cached pages current; refetching 10,000 rows on focus would be waste.
    staleTime: Infinity,
    // While a new search loads, the previous rows stay (dimmed) instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });

/** The search of a cached users query, read back from its key. */
export function searchOfKey(queryKey: readonly unknown[]): string | null {
  const params = queryKey[1];
  if (typeof params !== "object" || params === null || !("q" in params) || typeof params.q !== "string") return null;
  return params.q;
}

/**
 * After a reconnect without replay: reloads the first page of the shown search and merges it;
 * other cached searches are dropped (they reload when shown again).
 */
export async function resyncUsers(client: QueryClient, api: UsersApi, search: string, isDeleted: (id: string) => boolean): Promise<void> {
  client.removeQueries({ queryKey: usersQueryRoot, predicate: (query) => searchOfKey(query.queryKey) !== search });
  const key = usersQueryKey(search);
  // Pages answered before the socket connected may miss what happened in between.
  await client.ensureInfiniteQueryData(usersQueryOptions(api, search));
  const fresh = await api.listUsers({ limit: PAGE_SIZE, q: search || undefined });
  client.setQueryData<UsersData>(key, (data) => mergeFirstPage(data, fresh, isDeleted));
}
