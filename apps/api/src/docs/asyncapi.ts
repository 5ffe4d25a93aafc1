import { AUDIT_NAMESPACE, auditEventSchemas, USERS_NAMESPACE, usersEventSchemas, usersSocketErrors } from "@moien/contracts";
import type { z } from "zod";
import { jsonSchemaOf } from "./json-schema";

const EXAMPLE_ID = "3f0c6c2e-8a41-4c55-9a4e-6f1d2b7c9e10";

const MESSAGES = {
  UsersCreated: {
    event: "users.created",
    summary: "A user registered (POST /api/v1/users/register committed). The payload equals the register response.",
    // The seed's example payload, with a real id.
    example: {
      id: EXAMPLE_ID,
      fullName: "Ahmed Mohamed Ali",
      countryCode: "LU",
      countryName: "Luxembourg",
      phone: "+352691234567",
      email: "user@example.com",
      createdAt: "2026-02-01T12:00:00.000Z",
    },
  },
  UsersUpdated: {
    event: "users.updated",
    summary:
      "A user's name, country, phone or email changed (PATCH /api/v1/users/{id} committed). The payload is the whole new user, equal to the PATCH response; an update that changed nothing sends nothing.",
    example: {
      id: EXAMPLE_ID,
      fullName: "Ahmed Mohamed Ali",
      countryCode: "LU",
      countryName: "Luxembourg",
      phone: "+352691234568",
      email: "ahmed.ali@example.com",
      createdAt: "2026-02-01T12:00:00.000Z",
    },
  },
  UsersDeleted: {
    event: "users.deleted",
    summary: "A user was deleted by an admin or erased their account (DELETE /api/v1/users/{id} committed).",
    example: { id: EXAMPLE_ID },
  },
  UsersSuspended: {
    event: "users.suspended",
    summary:
      "A user was suspended, or their suspension replaced (PUT /api/v1/users/{id}/suspension committed): sign-in refused, every token refused. Never the reason.",
    example: { id: EXAMPLE_ID, until: "2026-12-31T18:00:00.000Z" },
  },
  UsersReinstated: {
    event: "users.reinstated",
    summary:
      "A user's suspension ended: by an operator (DELETE /api/v1/users/{id}/suspension) or by itself at its until (within a minute).",
    example: { id: EXAMPLE_ID },
  },
} as const satisfies Record<string, { event: keyof typeof usersEventSchemas; summary: string; example: unknown }>;

const AUDIT_EXAMPLE = {
  id: "1042",
  at: "2026-12-05T09:30:12.345Z",
  action: "user.deleted",
  actor: { id: "8a1f0c2e-1b41-4c55-9a4e-6f1d2b7c9e11", email: "ops@moien.example" },
  target: { id: EXAMPLE_ID },
  details: {},
  requestId: "0f6c1d9e-5b7a-4e2f-8c3d-2a1b0c9d8e7f",
};

// What each payload field means, beyond its type (the schemas carry types and formats only).
const FIELD_DESCRIPTIONS: Record<string, string> = {
  id: "The user's id (UUID); users.deleted names the same id as the users.created it undoes.",
  fullName: "As registered, runs of whitespace folded to one space; 2 to 100 characters.",
  countryCode: "ISO 3166-1 alpha-2 code, upper case.",
  countryName: "The country's English name.",
  phone: "E.164 number (+, country code, subscriber number), checked against the country.",
  email: "As registered, trimmed and lower-cased.",
  createdAt: "When the registration committed, UTC with milliseconds.",
  until: "When the suspension lapses by itself (UTC with milliseconds), or null: until an operator reinstates the user.",
};

function described(payload: Record<string, unknown>): Record<string, unknown> {
  const properties = payload.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return payload;
  const withDescriptions = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [
      name,
      FIELD_DESCRIPTIONS[name] ? { description: FIELD_DESCRIPTIONS[name], ...schema } : schema,
    ]),
  );
  return { ...payload, properties: withDescriptions };
}

/** AsyncAPI 3 of the `/users` namespace, its payloads derived from the contracts' schemas. */
export function buildAsyncApiDocument(version: string, corsOrigins: string[]) {
  const auditMessage = {
    name: "audit.created",
    title: "audit.created",
    summary: "An audited action committed (any operator's: deletions, exports, sign-ins, role changes…). Admins only.",
    contentType: "application/json",
    payload: jsonSchemaOf(auditEventSchemas["audit.created"], { target: "draft-7" }),
    examples: [{ name: "audit.created example", payload: AUDIT_EXAMPLE }],
  };
  const messages = Object.fromEntries(
    Object.entries(MESSAGES).map(([key, { event, summary, example }]) => [
      key,
      {
        name: event,
        title: event,
        summary,
        contentType: "application/json",
        payload: described(jsonSchemaOf(usersEventSchemas[event] as z.ZodType, { target: "draft-7" })),
        examples: [{ name: `${event} example`, payload: example }],
      },
    ]),
  );
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Moien Delivery users realtime events",
      version,
      description: [
        `Socket.IO namespace ${USERS_NAMESPACE} on the API's host and port (path /socket.io, not under /api/v1); websocket and polling transports.`,
        `Handshake: io(origin + "${USERS_NAMESPACE}", { auth: { token } }) or an Authorization: Bearer header; admins only.`,
        `Refusals: connect_error "${usersSocketErrors.unauthorized}" (missing, invalid, expired or revoked token), "${usersSocketErrors.forbidden}" (not an admin).`,
        `Origin: a handshake whose Origin is neither the server's own nor one of ${corsOrigins.join(", ")} is refused (HTTP 403).`,
        "Delivery: after the commit, once per operation, in commit order, to every admin socket on every node; reconnecting within 2 minutes replays missed events (socket.recovered === true). The server disconnects a socket when its token expires. Client events are ignored.",
      ].join("\n\n"),
    },
    defaultContentType: "application/json",
    servers: {
      api: {
        host: "localhost:3000",
        protocol: "ws",
        pathname: "/socket.io",
        description: "Socket.IO (Engine.IO v4) endpoint; use a Socket.IO client.",
        security: [{ $ref: "#/components/securitySchemes/accessToken" }],
      },
    },
    channels: {
      users: {
        address: USERS_NAMESPACE,
        title: "Users namespace",
        // The connect_error messages a client can get, for clients and for the docs page's snippet.
        "x-connect-errors": Object.values(usersSocketErrors),
        messages: Object.fromEntries(Object.keys(MESSAGES).map((key) => [key, { $ref: `#/components/messages/${key}` }])),
      },
      audit: {
        address: AUDIT_NAMESPACE,
        title: "Audit namespace (admins only)",
        description: `Same handshake, origin and recovery rules as ${USERS_NAMESPACE}; an operator who is not an admin gets connect_error "forbidden". Each node sends its own sockets each committed entry once, within about 500 ms.`,
        messages: { AuditCreated: { $ref: "#/components/messages/AuditCreated" } },
      },
    },
    operations: {
      ...Object.fromEntries(
        Object.keys(MESSAGES).map((key) => [
          `send${key}`,
          { action: "send", channel: { $ref: "#/channels/users" }, messages: [{ $ref: `#/channels/users/messages/${key}` }] },
        ]),
      ),
      sendAuditCreated: {
        action: "send",
        channel: { $ref: "#/channels/audit" },
        messages: [{ $ref: "#/channels/audit/messages/AuditCreated" }],
      },
    },
    components: {
      messages: { ...messages, AuditCreated: auditMessage } as Record<string, typeof auditMessage>,
      securitySchemes: {
        accessToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An admin's accessToken, sent as the Socket.IO auth payload { token } or an Authorization header.",
        },
      },
    },
  };
}
