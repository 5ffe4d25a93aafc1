import type { PublicUser } from "@moien/contracts";
import type { UsersClient } from "@moien/contracts/client";
import { queryOptions } from "@tanstack/react-query";
import { isApiError } from "../api/api-errors";

export const userQueryKey = (id: string) => ["user", id] as const;

/** One user for the details panel; null when it does not exist (404) or its id is malformed (400). */
export const userQueryOptions = (api: UsersClient, id: string, known?: PublicUser) =>
  queryOptions({
    queryKey: userQueryKey(id),
    queryFn: async (): Promise<PublicUser | null> => {
      try {
        return await api.getUser(id);
      } catch (error) {
        if (isApiError(error, 404) || isApiError(error, 400)) return null;
        throw error;
      }
    },
    // A row already loaded opens at once; the socket marks it gone when it is deleted.
    initialData: known,
    staleTime: Infinity,
  });
