import type { AuditAction } from "@moien/contracts";
import type { UsersClient } from "@moien/contracts/client";
import { infiniteQueryOptions } from "@tanstack/react-query";

const PAGE_SIZE = 50;

export const auditQueryOptions = (api: UsersClient, action: AuditAction | null) =>
  infiniteQueryOptions({
    queryKey: ["audit", { action }] as const,
    queryFn: ({ pageParam }) =>
      api.listAudit({ limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}), ...(action ? { action } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // Opening the page shows what happened up to now.
    staleTime: 0,
    refetchOnMount: "always",
  });
