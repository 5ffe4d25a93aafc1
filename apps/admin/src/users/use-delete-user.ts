import type { PublicUser } from "@moien/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isApiError } from "../api/api-errors";
import { useServices } from "../app/services";
import { removeUser, restoreUser } from "./live/live-merge";
import type { LiveRegistry } from "./live/live-registry";
import type { UsersData } from "./users-data";
import { usersQueryRoot } from "./users-query";

/** Deletes a user: the row goes at once and comes back if the server refuses. Already gone (404) is success. */
export function useDeleteUser(registry: LiveRegistry, onFailure: (user: PublicUser, error: unknown) => void) {
  const { api } = useServices();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (user: PublicUser) => {
      try {
        await api.deleteUser(user.id);
      } catch (error) {
        if (!isApiError(error, 404)) throw error;
      }
    },
    onMutate: (user) => {
      registry.recentlyDeleted.add(user.id);
      client.setQueriesData<UsersData>({ queryKey: usersQueryRoot }, (data) => removeUser(data, user.id));
    },
    onError: (error, user) => {
      registry.recentlyDeleted.delete(user.id);
      client.setQueriesData<UsersData>({ queryKey: usersQueryRoot }, (data) => restoreUser(data, user));
      onFailure(user, error);
    },
  });
}
