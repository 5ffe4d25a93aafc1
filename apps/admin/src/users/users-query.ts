import type { UsersClient } from "@moien/contracts/client";
import { infiniteQueryOptions, keepPreviousData, type QueryClient } from "@tanstack/react-query";
import { viewKey, type ViewQuery } from "./filters/view-filters";
import { mergeFirstPage } from "./live/live-merge";
import type { UsersData } from "./users-data";

export const PAGE_SIZE = 50;

export const usersQueryRoot = ["users"] as const;

/** One cached list per view (search and filters); the table is always newest first. */
export const usersQueryKey = (view: ViewQuery) => [...usersQueryRoot, { view }] as const;

export type UsersQueryKey = ReturnType<typeof usersQueryKey>;

const listFirst = (api: UsersClient, view: ViewQuery, cursor: string | null) =>
  api.listUsers({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}), ...view, order: "newest" });

export const usersQueryOptions = (api: UsersClient, view: ViewQuery) =>
  infiniteQueryOptions({
    queryKey: usersQueryKey(view),
    queryFn: ({ pageParam }) => listFirst(api, view, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // The socket keeps cached pages current; refetching 10,000 rows on focus would be waste.
    staleTime: Infinity,
    // While a new search loads, the previous rows stay (dimmed) instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });

/** The view of a cached users query, read back from its key. */
export function viewOfKey(queryKey: readonly unknown[]): ViewQuery | null {
  const params = queryKey[1];
  if (typeof params !== "object" || params === null || !("view" in params)) return null;
  const view = params.view;
  return typeof view === "object" && view !== null ? view : null;
}

/**
 * After a reconnect without replay: reloads the first page of the shown view and merges it;
 * other cached views are dropped (they reload when shown again).
 */
export async function resyncUsers(
  client: QueryClient,
  api: UsersClient,
  view: ViewQuery,
  isDeleted: (id: string) => boolean,
): Promise<void> {
  const shown = viewKey(view);
  client.removeQueries({ queryKey: usersQueryRoot, predicate: (query) => viewKeyOf(query.queryKey) !== shown });
  // Pages answered before the socket connected may miss what happened in between.
  await client.ensureInfiniteQueryData(usersQueryOptions(api, view));
  const fresh = await listFirst(api, view, null);
  client.setQueryData<UsersData>(usersQueryKey(view), (data) => mergeFirstPage(data, fresh, isDeleted));
}

const viewKeyOf = (queryKey: readonly unknown[]): string | null => {
  const view = viewOfKey(queryKey);
  return view ? viewKey(view) : null;
};
