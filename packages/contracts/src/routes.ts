import type { z } from "zod";
import type { Permission } from "./permissions";
import {
  CreatedOperatorSchema,
  CreateOperatorRequestSchema,
  CurrentSessionSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MfaEnrollConfirmRequestSchema,
  MfaEnrolledResponseSchema,
  MfaEnrollmentSchema,
  MfaEnrollStartRequestSchema,
  MfaVerifyRequestSchema,
  OperatorIdParamSchema,
  OperatorPasswordRequestSchema,
  OperatorSchema,
  OperatorSessionsSchema,
  OperatorsSchema,
  SessionIdParamSchema,
  StepUpRequestSchema,
  TokenResponseSchema,
  UpdateOperatorRequestSchema,
} from "./auth";
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
import {
  CountUsersQuerySchema,
  ExportDownloadQuerySchema,
  ExportLinkSchema,
  ExportUsersQuerySchema,
  UsersCountSchema,
} from "./users-filters";
import { UsersStatsSchema } from "./users-stats";

/**
 * Who may call: anyone; a registered user (their own account); any signed-in operator; or the operators
 * whose role has the permission (`PERMISSIONS`), and with `orSelf` also the user the `{id}` names.
 */
export type RouteAuth = "none" | "user" | "operator" | Permission;

export type RouteSpec = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI-style path, `{id}` for parameters. */
  path: string;
  summary: string;
  auth: RouteAuth;
  /** The user the path's `{id}` names may call it too. */
  orSelf?: true;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Media type of the success body when it is not JSON. */
  produces?: "text/csv" | "application/gzip";
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
    summary: "Log in; the same 401 for an unknown email and a wrong password; an operator with a second factor gets a challenge",
    auth: "none",
    body: LoginRequestSchema,
    responses: { 200: LoginResponseSchema },
    problems: [400, 401, 403, 413, 415, 429, 503],
  },
  mfaVerify: {
    method: "POST",
    path: "/api/v1/auth/mfa/verify",
    summary: "Answer a login's challenge with a TOTP or recovery code; then signed in",
    auth: "none",
    body: MfaVerifyRequestSchema,
    responses: { 200: TokenResponseSchema },
    problems: [400, 401, 413, 415, 429, 503],
  },
  mfaEnrollStart: {
    method: "POST",
    path: "/api/v1/auth/mfa/enroll",
    summary: "First sign-in: start setting up the TOTP factor (and the password) of an enroll challenge",
    auth: "none",
    body: MfaEnrollStartRequestSchema,
    responses: { 200: MfaEnrollmentSchema },
    problems: [400, 401, 413, 415, 429, 503],
  },
  mfaEnrollConfirm: {
    method: "POST",
    path: "/api/v1/auth/mfa/enroll/confirm",
    summary: "First sign-in: a code from the new factor (and the new password); then signed in, with 10 recovery codes shown once",
    auth: "none",
    body: MfaEnrollConfirmRequestSchema,
    responses: { 200: MfaEnrolledResponseSchema },
    problems: [400, 401, 413, 415, 429, 503],
  },
  mfaStepUp: {
    method: "POST",
    path: "/api/v1/auth/mfa/step-up",
    summary: "Verify a second factor again for this session (exports need one in the last 10 minutes)",
    auth: "operator",
    body: StepUpRequestSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 413, 415, 429, 503],
  },
  currentSession: {
    method: "GET",
    path: "/api/v1/auth/session",
    summary: "The signed-in operator and their session (the console cannot read its cookie)",
    auth: "operator",
    responses: { 200: CurrentSessionSchema },
    problems: [401, 403, 503],
  },
  logout: {
    method: "POST",
    path: "/api/v1/auth/logout",
    summary: "End this session (its token and cookie stop working, its sockets are cut)",
    auth: "operator",
    responses: { 204: null },
    problems: [401, 403, 503],
  },
  mySessions: {
    method: "GET",
    path: "/api/v1/auth/sessions",
    summary: "My sessions that have not ended",
    auth: "operator",
    responses: { 200: OperatorSessionsSchema },
    problems: [401, 403, 503],
  },
  endMySession: {
    method: "DELETE",
    path: "/api/v1/auth/sessions/{id}",
    summary: "End one of my sessions",
    auth: "operator",
    params: SessionIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  changeOperatorPassword: {
    method: "POST",
    path: "/api/v1/auth/password",
    summary: "An operator changes their own password; their other sessions end",
    auth: "operator",
    body: OperatorPasswordRequestSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 413, 415, 429, 503],
  },
  listOperators: {
    method: "GET",
    path: "/api/v1/operators",
    summary: "Every operator: role, factors, last sign-in, sessions, disabled",
    auth: "operators.manage",
    responses: { 200: OperatorsSchema },
    problems: [401, 403, 503],
  },
  createOperator: {
    method: "POST",
    path: "/api/v1/operators",
    summary: "Create an operator; the one-time password is shown once and must be changed at first sign-in",
    auth: "operators.manage",
    body: CreateOperatorRequestSchema,
    responses: { 201: CreatedOperatorSchema },
    problems: [400, 401, 403, 409, 413, 415, 503],
  },
  updateOperator: {
    method: "PATCH",
    path: "/api/v1/operators/{id}",
    summary: "Change an operator's role, or disable / enable them (their sessions end); never the last enabled admin",
    auth: "operators.manage",
    params: OperatorIdParamSchema,
    body: UpdateOperatorRequestSchema,
    responses: { 200: OperatorSchema },
    problems: [400, 401, 403, 404, 409, 413, 415, 503],
  },
  resetOperatorFactors: {
    method: "POST",
    path: "/api/v1/operators/{id}/mfa-reset",
    summary: "Remove an operator's factors (they enrol again at next sign-in); their sessions end; never the last enabled admin",
    auth: "operators.manage",
    params: OperatorIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 409, 503],
  },
  endOperatorSessions: {
    method: "DELETE",
    path: "/api/v1/operators/{id}/sessions",
    summary: "End every session of an operator",
    auth: "operators.manage",
    params: OperatorIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  listUsers: {
    method: "GET",
    path: "/api/v1/users",
    summary: "List users, newest (or oldest) first, with cursor pagination, search and filters",
    auth: "users.read",
    query: ListUsersQuerySchema,
    responses: { 200: UsersPageSchema },
    problems: [400, 401, 403, 503],
  },
  countUsers: {
    method: "GET",
    path: "/api/v1/users/count",
    summary: "How many users match the filters (exact)",
    auth: "users.read",
    query: CountUsersQuerySchema,
    responses: { 200: UsersCountSchema },
    problems: [400, 401, 403, 503],
  },
  usersStats: {
    method: "GET",
    path: "/api/v1/users/stats",
    summary: "Totals, registrations per day (last 30 UTC days) and per country, in constant time",
    auth: "users.read",
    responses: { 200: UsersStatsSchema },
    problems: [401, 403, 503],
  },
  exportUsers: {
    method: "GET",
    path: "/api/v1/users/export",
    summary:
      "Every matching user as CSV (UTF-8 with BOM), streamed; recorded in the audit log; a second factor verified in the last 10 minutes",
    auth: "users.export",
    query: ExportUsersQuerySchema,
    produces: "text/csv",
    responses: { 200: zod.string() },
    problems: [400, 401, 403, 429, 503],
  },
  createExportLink: {
    method: "POST",
    path: "/api/v1/users/export/links",
    summary:
      "The console's export: the same checks as GET /users/export (none of the limit used), then a 60 s single-use link for the browser's download manager, bound to this session",
    auth: "users.export",
    query: ExportUsersQuerySchema,
    responses: { 201: ExportLinkSchema },
    problems: [400, 401, 403, 429, 503],
  },
  downloadExport: {
    method: "GET",
    path: "/api/v1/users/export/download",
    summary: "Follows a link from POST /users/export/links (authenticated by the link alone): the export, as GET /users/export",
    auth: "none",
    query: ExportDownloadQuerySchema,
    produces: "text/csv",
    responses: { 200: zod.string() },
    problems: [400, 401, 403, 429, 503],
  },
  getUser: {
    method: "GET",
    path: "/api/v1/users/{id}",
    summary: "One user (an operator, or that user)",
    auth: "users.read",
    orSelf: true,
    params: UserIdParamSchema,
    responses: { 200: PublicUserSchema },
    problems: [400, 401, 403, 404, 503],
  },
  updateUser: {
    method: "PATCH",
    path: "/api/v1/users/{id}",
    summary: "Change a user's name, country, phone or email (support, admin, or that user); then one users.updated, none for a no-op",
    auth: "users.edit",
    orSelf: true,
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
    auth: "users.read",
    query: SuspensionsQuerySchema,
    responses: { 200: SuspensionsPageSchema },
    problems: [400, 401, 403, 503],
  },
  suspendUser: {
    method: "PUT",
    path: "/api/v1/users/{id}/suspension",
    summary: "Suspend a user (replacing a suspension in force): sign-in refused, every token refused; then one users.suspended",
    auth: "users.edit",
    params: UserIdParamSchema,
    body: SuspendUserRequestSchema,
    responses: { 200: SuspensionSchema },
    problems: [400, 401, 403, 404, 413, 415, 503],
  },
  reinstateUser: {
    method: "DELETE",
    path: "/api/v1/users/{id}/suspension",
    summary: "End a user's suspension; then one users.reinstated",
    auth: "users.edit",
    params: UserIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  deleteUser: {
    method: "DELETE",
    path: "/api/v1/users/{id}",
    summary: "Delete a user (an admin), or erase one's own account; then one users.deleted event",
    auth: "users.delete",
    orSelf: true,
    params: UserIdParamSchema,
    responses: { 204: null },
    problems: [400, 401, 403, 404, 503],
  },
  listAudit: {
    method: "GET",
    path: "/api/v1/audit",
    summary: "The audit log, newest first: what operators did, sign-ins, erasures, exports",
    auth: "audit.read",
    query: AuditQuerySchema,
    responses: { 200: AuditPageSchema },
    problems: [400, 401, 403, 503],
  },
  downloadBackup: {
    method: "GET",
    path: "/api/v1/backup",
    summary:
      "A consistent backup of the running embedded store (gzipped tar of its files, the schema version in X-Schema-Version); a second factor verified in the last 10 minutes; audited. PostgreSQL: 409, use pg_dump",
    auth: "backup.download",
    produces: "application/gzip",
    responses: { 200: zod.string() },
    problems: [401, 403, 409, 503],
  },
  downloadBackupLocal: {
    method: "GET",
    path: "/api/v1/backup/local",
    summary:
      "npm run backup on the node's machine: as GET /backup, authenticated by the X-Backup-Key header the node wrote into DATA_DIR/backup-access.json (owner-readable only)",
    auth: "none",
    produces: "application/gzip",
    responses: { 200: zod.string() },
    problems: [401, 409, 503],
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
