import type { LoginResponse } from "../auth";
import { LoginResponseSchema } from "../auth";
import type { Health } from "../health";
import { HealthSchema } from "../health";
import { type Problem, ProblemSchema } from "../problem";
import {
  type ListUsersQuery,
  type PublicUser,
  PublicUserSchema,
  type RegisterUserRequest,
  type UsersPage,
  UsersPageSchema,
} from "../users";
import type { z } from "zod";

/** A failed call: `problem` is the server's RFC 9457 document. */
export class UsersApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
  }
}

export type UsersClientOptions = {
  /** The access token, or a function returning the current one. */
  token?: string | (() => string | undefined);
  fetch?: typeof fetch;
};

/** A small typed client of the REST API: responses are parsed with the contract's schemas. */
export function createUsersClient(baseUrl: string, options: UsersClientOptions = {}) {
  const base = baseUrl.replace(/\/$/, "");
  const doFetch = options.fetch ?? fetch;
  const token = () => (typeof options.token === "function" ? options.token() : options.token);

  async function call<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const current = token();
    if (current) headers.authorization = `Bearer ${current}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await doFetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok && response.status !== 503) {
      const problem = ProblemSchema.safeParse(await response.json().catch(() => undefined));
      throw new UsersApiError(
        response.status,
        problem.success ? problem.data : { type: "about:blank", title: response.statusText, status: response.status, detail: "" },
      );
    }
    return (schema ? schema.parse(await response.json()) : undefined) as T;
  }

  return {
    register: (input: RegisterUserRequest): Promise<PublicUser> => call("POST", "/api/v1/users/register", PublicUserSchema, input),
    login: (email: string, password: string): Promise<LoginResponse> =>
      call("POST", "/api/v1/auth/login", LoginResponseSchema, { email, password }),
    listUsers: (query: ListUsersQuery = {}): Promise<UsersPage> => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
      const qs = search.toString();
      return call("GET", `/api/v1/users${qs ? `?${qs}` : ""}`, UsersPageSchema);
    },
    getUser: (id: string): Promise<PublicUser> => call("GET", `/api/v1/users/${encodeURIComponent(id)}`, PublicUserSchema),
    deleteUser: (id: string): Promise<void> => call("DELETE", `/api/v1/users/${encodeURIComponent(id)}`, null),
    health: (): Promise<Health> => call("GET", "/api/v1/health", HealthSchema),
  };
}

export type UsersClient = ReturnType<typeof createUsersClient>;
