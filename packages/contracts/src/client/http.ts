import {
  type CreatedOperator,
  CreatedOperatorSchema,
  type CreateOperatorRequest,
  type CurrentSession,
  CurrentSessionSchema,
  type LoginResponse,
  LoginResponseSchema,
  type MfaEnrollConfirmRequest,
  type MfaEnrolledResponse,
  MfaEnrolledResponseSchema,
  type MfaEnrollment,
  MfaEnrollmentSchema,
  type Operator,
  OperatorSchema,
  type OperatorSessions,
  OperatorSessionsSchema,
  OperatorsSchema,
  type TokenResponse,
  TokenResponseSchema,
  type UpdateOperatorRequest,
} from "../auth";
import type { Health } from "../health";
import { HealthSchema } from "../health";
import { type Problem, ProblemSchema } from "../problem";
import { type AuditPage, AuditPageSchema, type AuditQuery } from "../audit";
import {
  type CountUsersQuery,
  type ExportLink,
  ExportLinkSchema,
  type ExportUsersQuery,
  type UsersCount,
  UsersCountSchema,
} from "../users-filters";
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
    // `credentials: "include"`: a browser sends the console's session cookie (to another origin only when CORS allows it).
    const init: RequestInit = {
      method,
      headers: headersFor(body),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "include",
    };
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
    /** A session, or (an operator) a challenge: answer it with `verifyMfa`, or set up with `startEnrollment`. */
    login: (email: string, password: string): Promise<LoginResponse> =>
      call("POST", "/api/v1/auth/login", LoginResponseSchema, { email, password }),
    verifyMfa: (challenge: string, code: string): Promise<TokenResponse> =>
      call("POST", "/api/v1/auth/mfa/verify", TokenResponseSchema, { challenge, code }),
    startEnrollment: (challenge: string): Promise<MfaEnrollment> =>
      call("POST", "/api/v1/auth/mfa/enroll", MfaEnrollmentSchema, { challenge }),
    confirmEnrollment: (input: MfaEnrollConfirmRequest): Promise<MfaEnrolledResponse> =>
      call("POST", "/api/v1/auth/mfa/enroll/confirm", MfaEnrolledResponseSchema, input),
    stepUp: (code: string): Promise<void> => call("POST", "/api/v1/auth/mfa/step-up", null, { code }),
    currentSession: (): Promise<CurrentSession> => call("GET", "/api/v1/auth/session", CurrentSessionSchema),
    logout: (): Promise<void> => call("POST", "/api/v1/auth/logout", null),
    mySessions: (): Promise<OperatorSessions> => call("GET", "/api/v1/auth/sessions", OperatorSessionsSchema),
    endMySession: (id: string): Promise<void> => call("DELETE", `/api/v1/auth/sessions/${encodeURIComponent(id)}`, null),
    changeOperatorPassword: (currentPassword: string, newPassword: string): Promise<void> =>
      call("POST", "/api/v1/auth/password", null, { currentPassword, newPassword }),
    listOperators: async (): Promise<Operator[]> => (await call("GET", "/api/v1/operators", OperatorsSchema)).items,
    createOperator: (input: CreateOperatorRequest): Promise<CreatedOperator> =>
      call("POST", "/api/v1/operators", CreatedOperatorSchema, input),
    updateOperator: (id: string, input: UpdateOperatorRequest): Promise<Operator> =>
      call("PATCH", `/api/v1/operators/${encodeURIComponent(id)}`, OperatorSchema, input),
    resetOperatorFactors: (id: string): Promise<void> => call("POST", `/api/v1/operators/${encodeURIComponent(id)}/mfa-reset`, null),
    endOperatorSessions: (id: string): Promise<void> => call("DELETE", `/api/v1/operators/${encodeURIComponent(id)}/sessions`, null),
    listUsers: (query: ListUsersQuery = {}): Promise<UsersPage> => call("GET", `/api/v1/users${queryString(query)}`, UsersPageSchema),
    countUsers: (query: CountUsersQuery = {}): Promise<UsersCount> =>
      call("GET", `/api/v1/users/count${queryString(query)}`, UsersCountSchema),
    usersStats: (): Promise<UsersStats> => call("GET", "/api/v1/users/stats", UsersStatsSchema),
    /** The CSV export as a streamed `Response` (read `body`, or `blob()` in a browser). @throws UsersApiError */
    exportUsers: (query: ExportUsersQuery = {}): Promise<Response> => send("GET", `/api/v1/users/export${queryString(query)}`),
    /** A link the browser's download manager follows (checks answered here: step-up, the export limit, the filters). */
    createExportLink: (query: ExportUsersQuery = {}): Promise<ExportLink> =>
      call("POST", `/api/v1/users/export/links${queryString(query)}`, ExportLinkSchema),
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
