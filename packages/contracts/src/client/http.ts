import type { LoginResponse } from "../auth";
import { LoginResponseSchema } from "../auth";
import type { Health } from "../health";
import { HealthSchema } from "../health";
import { type Problem, ProblemSchema } from "../problem";
import { type AuditPage, AuditPageSchema, type AuditQuery } from "../audit";
import { type CountUsersQuery, type ExportUsersQuery, type UsersCount, UsersCountSchema } from "../users-filters";
import { type UsersStats, UsersStatsSchema } from "../users-stats";
import {
  type ListUsersQuery,
  type PublicUser,
  PublicUserSchema,
  type ChangePasswordRequest,
  type RegisterUserRequest,
  type UpdateUserRequest,
  type UsersPage,
  UsersPageSchema,
} from "../users";
import {
  type Suspension,
  SuspensionSchema,
  type SuspendUserRequest,
  type SuspensionsPage,
  SuspensionsPageSchema,
  type SuspensionsQuery,
} from "../suspensions";
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

  function headersFor(body: unknown): Record<string, string> {
    const headers: Record<string, string> = {};
    const current = token();
    if (current) headers.authorization = `Bearer ${current}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    return headers;
  }

  async function send(method: string, path: string, body?: unknown, answersWithBody: number[] = []): Promise<Response> {
    const init = { method, headers: headersFor(body), body: body === undefined ? undefined : JSON.stringify(body) };
    const response = await doFetch(base + path, init);
    if (response.ok || answersWithBody.includes(response.status)) return response;
    const problem = ProblemSchema.safeParse(await response.json().catch(() => undefined));
    throw new UsersApiError(
      response.status,
      problem.success ? problem.data : { type: "about:blank", title: response.statusText, status: response.status, detail: "" },
    );
  }

  // `answersWithBody`: error statuses whose body is the route's own shape (health's 503), not a problem document.
  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T> | null,
    body?: unknown,
    answersWithBody?: number[],
  ): Promise<T> {
    const response = await send(method, path, body, answersWithBody);
    return (schema ? schema.parse(await response.json()) : undefined) as T;
  }

  return {
    register: (input: RegisterUserRequest): Promise<PublicUser> => call("POST", "/api/v1/users/register", PublicUserSchema, input),
    login: (email: string, password: string): Promise<LoginResponse> =>
      call("POST", "/api/v1/auth/login", LoginResponseSchema, { email, password }),
    listUsers: (query: ListUsersQuery = {}): Promise<UsersPage> => call("GET", `/api/v1/users${queryString(query)}`, UsersPageSchema),
    countUsers: (query: CountUsersQuery = {}): Promise<UsersCount> =>
      call("GET", `/api/v1/users/count${queryString(query)}`, UsersCountSchema),
    usersStats: (): Promise<UsersStats> => call("GET", "/api/v1/users/stats", UsersStatsSchema),
    /** The CSV export as a streamed `Response` (read `body`, or `blob()` in a browser). @throws UsersApiError */
    exportUsers: (query: ExportUsersQuery = {}): Promise<Response> => send("GET", `/api/v1/users/export${queryString(query)}`),
    listAudit: (query: AuditQuery = {}): Promise<AuditPage> => call("GET", `/api/v1/audit${queryString(query)}`, AuditPageSchema),
    getUser: (id: string): Promise<PublicUser> => call("GET", `/api/v1/users/${encodeURIComponent(id)}`, PublicUserSchema),
    deleteUser: (id: string): Promise<void> => call("DELETE", `/api/v1/users/${encodeURIComponent(id)}`, null),
    /** The new state of the user; an update that changes nothing answers the current one and sends no event. */
    updateUser: (id: string, changes: UpdateUserRequest): Promise<PublicUser> =>
      call("PATCH", `/api/v1/users/${encodeURIComponent(id)}`, PublicUserSchema, changes),
    /** A registered user's own password; the token used here keeps working, every other one stops. */
    changePassword: (input: ChangePasswordRequest): Promise<void> => call("POST", "/api/v1/users/me/password", null, input),
    suspendUser: (id: string, input: SuspendUserRequest = {}): Promise<Suspension> =>
      call("PUT", `/api/v1/users/${encodeURIComponent(id)}/suspension`, SuspensionSchema, input),
    reinstateUser: (id: string): Promise<void> => call("DELETE", `/api/v1/users/${encodeURIComponent(id)}/suspension`, null),
    listSuspensions: (query: SuspensionsQuery = {}): Promise<SuspensionsPage> =>
      call("GET", `/api/v1/users/suspensions${queryString(query)}`, SuspensionsPageSchema),
    health: (): Promise<Health> => call("GET", "/api/v1/health", HealthSchema, undefined, [503]),
  };
}

/** `?a=1&b=2` of the defined values, or "" when there are none. */
function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(
      key,
      value instanceof Date
        ? value.toISOString()
        : typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : JSON.stringify(value),
    );
  }
  const qs = search.toString();
  return qs ? `?${qs}` : "";
}

export type UsersClient = ReturnType<typeof createUsersClient>;
