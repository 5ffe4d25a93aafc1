import { USERS_NAMESPACE, usersEventSchemas, usersSocketErrors } from "@moien/contracts";
import type { z } from "zod";
import { jsonSchemaOf } from "./json-schema";

const MESSAGES = {
  UsersCreated: {
    event: "users.created",
    summary: "A user registered (POST /api/v1/users/register committed). The payload equals the register response.",
  },
  UsersDeleted: {
    event: "users.deleted",
    summary: "A user was deleted by an admin or erased their account (DELETE /api/v1/users/{id} committed).",
  },
} as const;

/** AsyncAPI 3 of the `/users` namespace, its payloads derived from the contracts' schemas. */
export function buildAsyncApiDocument(version: string, corsOrigins: string[]) {
  const messages = Object.fromEntries(
    Object.entries(MESSAGES).map(([key, { event, summary }]) => [
      key,
      {
        name: event,
        title: event,
        summary,
        contentType: "application/json",
        payload: jsonSchemaOf(usersEventSchemas[event] as z.ZodType, { target: "draft-7" }),
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
        messages: Object.fromEntries(Object.keys(MESSAGES).map((key) => [key, { $ref: `#/components/messages/${key}` }])),
      },
    },
    operations: Object.fromEntries(
      Object.keys(MESSAGES).map((key) => [
        `send${key}`,
        { action: "send", channel: { $ref: "#/channels/users" }, messages: [{ $ref: `#/channels/users/messages/${key}` }] },
      ]),
    ),
    components: {
      messages,
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
