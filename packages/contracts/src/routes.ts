import type { z } from "zod";
import { LoginRequestSchema, LoginResponseSchema } from "./auth";
import { HealthSchema, LiveSchema } from "./health";
import { z as zod } from "zod";
import { AuditPageSchema, AuditQuerySchema } from "./audit";
import {
  ChangePasswordRequestSchema,
  ListUsersQuerySchema,
  PublicUserSchema,
  RegisterUserRequestSchema,
  UpdateUserRequestSchema,
  UserIdParamSchema,
  UsersPageSchema,
} from "./users";
import { SuspendUserRequestSchema, SuspensionSchema, SuspensionsPageSchema, SuspensionsQuerySchema } from "./suspensions";
import { CountUsersQuerySchema, ExportUsersQuerySchema, UsersCountSchema } from "./users-filters";
import { UsersStatsSchema } from "./users-stats";

/** Who may call: anyone, admins, admins or the user the `{id}` names, or a registered user (their own account). */
export type RouteAuth = "none" | "admin" | "admin-or-self" | "user";

export type RouteSpec = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI-style path, `{id}` for parameters. */
  path: string;
  summary: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Media type of the success body when it is not JSON. */
  produces?: "text/csv";
  /** Success statuses and their body schema (null: no body). */
  responses: Record<number, z.ZodType | null>;
  /** Statuses answered with a problem document. */
  problems: number[];
};

/**
 * Every REST route of the service. The OpenAPI document, the typed client and the drift test are
 * derived from this table; the server validates with the same schemas.
 */
export const usersApiRoutes = {
  register: {
    method: "POST",
    path: "/api/v1/users/register",
    summary: "Register a user; then one users.created event",
    auth: "none",
    body: RegisterUserRequestSchema,
    responses: { 201: PublicUserSchema },
    problems: [400, 409, 413, 415, 429, 503],
  },
  login: {
    method: "POST",
    path: "/api/v1/auth/login",
    summary: "Log in; the same 401 for an unknown email and a wrong password",
    auth: "none",
    body: LoginRequestSchema,
    responses: { 200: LoginResponseSchema },
    problems: [400, 401, 413, 415, 429, 503],
  },
  listUsers: {
    method: "GET",
    path: "/api/v1/users",
    summary: "List users, newest (or oldest) first, with cursor pagination, search and filters",
    auth: "admin",
    query: ListUsersQuerySchema,
    responses: { 200: UsersPageSchema },
    problems: [400, 401, 403, 503],
  },
  countUsers: {
    method: "GET",
    path: "/api/v1/users/count",
    summary: "How many users match the filters (exact)",
    auth: "admin",
    query: CountUsersQuerySchema,
    responses: { 200: UsersCountSchema },
    problems: [400, 401, 403, 503],
  },
  usersStats: {
    method: "GET",
    path: "/api/v1/users/stats",
    summary: "Totals, registrations per day (last 30 UTC days) and per country, in constant time",
    auth: "admin",
    responses: { 200: UsersStatsSchema },
    problems: [401, 403, 503],
  },
  exportUsers: {
    method: "GET",
    path: "/api/v1/users/export",
    summary: "Every matching user as CSV (UTF-8 with BOM), streamed; recorded in the audit log",
    auth: "admin",
    query: ExportUsersQuerySchema,
    produces: "text/csv",
    responses: { 200: zod.string() },
    problems: [400, 401, 403, 429, 503],
  },
  getUser: {
    method: "GET",
    path: "/api/v1/users/{id}",
    summary: "One user (an admin, or that user)",
    auth: "admin-or-self",
    params: UserIdParamSchema,
    responses: { 200: PublicUserSchema },
    problems: [400, 401, 403, 404, 503],
  },
  updateUser: {
    method: "PATCH",
    path: "/api/v1/users/{id}",
    summary: "Change a user's name, country, phone or email (an admin, or that user); then one users.updated, none for a no-op",
    auth: "admin-or-self",
    params: UserIdParamSchema,
    body: UpdateUserRequestSchema,
    responses: { 200: PublicUserSchema },
    problems: [400, 401, 403, 404, 409, 413, 415, 503],
  },
  changePassword: {
    method: "POST",
    path: "/api/v1/users/me/password",
    summary: "A registered user changes their password; their other tokens stop working",
    auth: "user",
    body: ChangePasswordRequestSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 413, 415, 429, 503],
  },
  listSuspensions: {
    method: "GET",
    path: "/api/v1/users/suspensions",
    summary: "The suspensions in force, newest first",
    auth: "admin",
    query: SuspensionsQuerySchema,
    responses: { 200: SuspensionsPageSchema },
    problems: [400, 401, 403, 503],
  },
  suspendUser: {
    method: "PUT",
    path: "/api/v1/users/{id}/suspension",
    summary: "Suspend a user (replacing a suspension in force): sign-in refused, every token refused; then one users.suspended",
    auth: "admin",
    params: UserIdParamSchema,
    body: SuspendUserRequestSchema,
    responses: { 200: SuspensionSchema },
    problems: [400, 401, 403, 404, 413, 415, 503],
  },
  reinstateUser: {
    method: "DELETE",
    path: "/api/v1/users/{id}/suspension",
    summary: "End a user's suspension; then one users.reinstated",
    auth: "admin",
    params: UserIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  deleteUser: {
    method: "DELETE",
    path: "/api/v1/users/{id}",
    summary: "Delete a user (an admin), or erase one's own account; then one users.deleted event",
    auth: "admin-or-self",
    params: UserIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  listAudit: {
    method: "GET",
    path: "/api/v1/audit",
    summary: "The audit log, newest first: what admins did, sign-ins, erasures, exports",
    auth: "admin",
    query: AuditQuerySchema,
    responses: { 200: AuditPageSchema },
    problems: [400, 401, 403, 503],
  },
  health: {
    method: "GET",
    path: "/api/v1/health",
    summary: "Health: the database and, when configured, Redis (same as /health/ready)",
    auth: "none",
    responses: { 200: HealthSchema, 503: HealthSchema },
    problems: [],
  },
  healthReady: {
    method: "GET",
    path: "/api/v1/health/ready",
    summary: "Readiness probe: send traffic only on 200",
    auth: "none",
    responses: { 200: HealthSchema, 503: HealthSchema },
    problems: [],
  },
  healthLive: {
    method: "GET",
    path: "/api/v1/health/live",
    summary: "Liveness probe: the process answers (restart the node when it does not)",
    auth: "none",
    responses: { 200: LiveSchema },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;

export type UsersApiRouteName = keyof typeof usersApiRoutes;
