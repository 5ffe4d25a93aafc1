import {
  AuditEntrySchema,
  AuditPageSchema,
  HealthSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  ProblemSchema,
  PublicUserSchema,
  RegisterUserRequestSchema,
  type RouteSpec,
  UsersCountSchema,
  UsersPageSchema,
  UsersStatsSchema,
  usersApiRoutes,
  PERMISSIONS,
  type Permission,
} from "@moien/contracts";
import { STATUS_CODES } from "node:http";
import type { z } from "zod";
import { jsonSchemaOf } from "./json-schema";

// Named components; a route's schema that is one of these is referenced, not inlined.
const COMPONENTS: [string, z.ZodType, "input" | "output"][] = [
  ["PublicUser", PublicUserSchema, "output"],
  ["UsersPage", UsersPageSchema, "output"],
  ["UsersCount", UsersCountSchema, "output"],
  ["UsersStats", UsersStatsSchema, "output"],
  ["AuditEntry", AuditEntrySchema, "output"],
  ["AuditPage", AuditPageSchema, "output"],
  ["RegisterUserRequest", RegisterUserRequestSchema, "input"],
  ["LoginRequest", LoginRequestSchema, "input"],
  ["LoginResponse", LoginResponseSchema, "output"],
  ["Health", HealthSchema, "output"],
  ["Problem", ProblemSchema, "output"],
];

const ref = (schema: z.ZodType) => {
  const named = COMPONENTS.find(([, s]) => s === schema);
  return named ? { $ref: `#/components/schemas/${named[0]}` } : jsonSchemaOf(schema);
};

/** The route's access in words, from the contract's permissions. */
function whoMayCall(route: RouteSpec): string {
  if (route.auth === "user") return "A registered user, about their own account.";
  if (route.auth === "operator") return "Any signed-in operator (viewer, support or admin).";
  const roles = PERMISSIONS[route.auth as Permission].join(", ");
  return `Operators with the role ${roles} (permission ${route.auth})${route.orSelf ? ", or the user the id belongs to" : ""}.`;
}

function parameters(route: RouteSpec) {
  const list: Record<string, unknown>[] = [];
  for (const [location, schema] of [
    ["query", route.query],
    ["path", route.params],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchemaOf(schema, { io: "input" }) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({ name, in: location, required: location === "path" || (json.required ?? []).includes(name), schema: property });
    }
  }
  return list;
}

function operation(name: string, route: RouteSpec) {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = {
      description: STATUS_CODES[Number(status)] ?? status,
      ...(schema ? { content: { [route.produces ?? "application/json"]: { schema: ref(schema) } } } : {}),
      ...(status === "201" ? { headers: { Location: { schema: { type: "string" }, description: "/api/v1/users/{id}" } } } : {}),
    };
  }
  for (const status of route.problems) {
    responses[String(status)] = {
      description: STATUS_CODES[status] ?? String(status),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      ...(status === 429 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } } : {}),
    };
  }
  return {
    operationId: name,
    summary: route.summary,
    ...(route.auth === "none" ? { security: [] } : { security: [{ bearerAuth: [] }] }),
    ...(route.auth === "none" ? {} : { description: whoMayCall(route) }),
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(route.body) } } } } : {}),
    responses,
  };
}

/** OpenAPI 3.1 of every REST route, derived from the contracts' route table and schemas. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(usersApiRoutes) as [string, RouteSpec][]) {
    const path = (paths[route.path] ??= {});
    path[route.method.toLowerCase()] = operation(name, route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Moien Delivery users API",
      version,
      description:
        "Registration and user administration. Errors are RFC 9457 problem documents. Realtime events: see /api/docs/asyncapi.json (Socket.IO namespace /users).",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: Object.fromEntries(COMPONENTS.map(([name, schema, io]) => [name, jsonSchemaOf(schema, { io })])),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "accessToken from POST /api/v1/auth/login" },
      },
    },
    security: [{ bearerAuth: [] }],
  };
}
