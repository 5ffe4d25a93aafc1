import {
  LoginResponseSchema,
  UsersPageSchema,
  type LoginRequest,
  type LoginResponse,
  type UsersPage,
} from "@moien/contracts";
import { isApiError } from "./api-error";
import type { HttpClient } from "./http-client";

export type ListUsersParams = { limit?: number; cursor?: string | null; q?: string };

export type UsersApi = {
  login(credentials: LoginRequest): Promise<LoginResponse>;
  listUsers(params: ListUsersParams, signal?: AbortSignal): Promise<UsersPage>;
  /** Resolves when the user is gone, including when it was already gone (404). */
  deleteUser(id: string): Promise<void>;
};

const API = "/api/v1";

export function createUsersApi(http: HttpClient): UsersApi {
  return {
    login: (credentials) =>
      http.request(`${API}/auth/login`, {
        method: "POST",
        body: credentials,
        schema: LoginResponseSchema,
        authenticated: false,
      }),

    listUsers: ({ limit, cursor, q }, signal) => {
      const query = new URLSearchParams();
      if (limit) query.set("limit", String(limit));
      if (cursor) query.set("cursor", cursor);
      if (q) query.set("q", q);
      const search = query.size > 0 ? `?${query.toString()}` : "";
      return http.request(`${API}/users${search}`, { schema: UsersPageSchema, signal });
    },

    deleteUser: async (id) => {
      try {
        await http.request(`${API}/users/${encodeURIComponent(id)}`, { method: "DELETE" });
      } catch (error) {
        if (!isApiError(error, 404)) throw error;
      }
    },
  };
}
