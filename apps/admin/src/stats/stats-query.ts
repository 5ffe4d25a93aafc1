import type { UsersClient } from "@moien/contracts/client";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { ViewQuery } from "../users/filters/view-filters";

export const statsQueryKey = ["users-stats"] as const;

// The socket keeps the figures current (increments, and a reload after deletions): never refetched on a timer.
export const statsQueryOptions = (api: UsersClient) =>
  queryOptions({ queryKey: statsQueryKey, queryFn: () => api.usersStats(), staleTime: Infinity });

export const countQueryRoot = ["users-count"] as const;

export const countQueryKey = (view: ViewQuery) => [...countQueryRoot, { view }] as const;

export const countQueryOptions = (api: UsersClient, view: ViewQuery) =>
  queryOptions({
    queryKey: countQueryKey(view),
    queryFn: () => api.countUsers(view),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
