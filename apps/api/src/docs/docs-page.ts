import type { buildAsyncApiDocument } from "./asyncapi";

type AsyncApi = ReturnType<typeof buildAsyncApiDocument>;
type Message = AsyncApi["components"]["messages"][string];
type FieldSchema = { type?: string | string[]; format?: string; pattern?: string; description?: string; items?: FieldSchema };

/**
 * The only files of swagger-ui-dist the page loads, and the only ones served (under /api/docs/assets/):
 * the rest of the package (its package.json, the stock index.html pointing at petstore.swagger.io,
 * source maps) is none of a visitor's business.
 */
export const SWAGGER_UI_ASSETS = { stylesheet: "swagger-ui.css", script: "swagger-ui-bundle.js" } as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A field's type as a reader says it: "string (uuid)", "array of string". */
function typeOf(schema: FieldSchema): string {
  const type = [schema.type ?? "any"].flat().join(" | ");
  if (type === "array" && schema.items) return `array of ${typeOf(schema.items)}`;
  return schema.format ? `${type} (${schema.format})` : type;
}

/** A field's table row: a named format stands for its (long, generated) pattern; a bare pattern is shown. */
function fieldRow(name: string, schema: FieldSchema, required: boolean): string {
  const notes = [
    schema.description ? escapeHtml(schema.description) : "",
    !schema.format && schema.pattern ? `Pattern <code>${escapeHtml(schema.pattern)}</code>` : "",
  ].filter(Boolean);
  return `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(typeOf(schema))}</td><td>${notes.join("<br>")}</td><td>${required ? "yes" : "no"}</td></tr>`;
}

function messageSection(message: Message): string {
  const payload = message.payload as { properties?: Record<string, FieldSchema>; required?: string[] };
  const required = new Set(payload.required ?? []);
  const rows = Object.entries(payload.properties ?? {}).map(([name, schema]) => fieldRow(name, schema, required.has(name)));
  const example = message.examples[0]?.payload;
  return `<section class="event" id="event-${escapeHtml(message.name)}">
<h3><code>${escapeHtml(message.name)}</code></h3>
<p>${escapeHtml(message.summary)}</p>
<table class="fields">
<caption>Payload of <code>${escapeHtml(message.name)}</code></caption>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description / format</th><th scope="col">Required</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
${example ? `<h4>Example payload</h4>\n<pre><code>${escapeHtml(JSON.stringify(example, null, 2))}</code></pre>` : ""}
</section>`;
}

/** The seed's client snippet, with the token, for this document's server, namespace, events and refusals. */
export function clientSnippet(asyncApi: AsyncApi): string {
  const channel = asyncApi.channels.users;
  const url = `http://${asyncApi.servers.api.host}${channel.address}`;
  const reasons = channel["x-connect-errors"].map((r) => JSON.stringify(r)).join(" | ");
  // The snippet connects to /users: its events only (audit.created is the /audit namespace's).
  const handlers = Object.values(asyncApi.components.messages)
    .filter((m) => m.name.startsWith("users."))
    .map((m) => {
      const example = m.examples[0]?.payload ?? {};
      const shown = "fullName" in example ? "payload.id, payload.fullName" : "payload.id";
      return `socket.on(${JSON.stringify(m.name)}, (payload) => console.log(${JSON.stringify(m.name)}, ${shown}));`;
    });
  return [
    `import { io } from "socket.io-client";`,
    ``,
    `const socket = io(${JSON.stringify(url)}, {`,
    `  transports: ["websocket"],`,
    `  auth: { token }, // an admin's accessToken from POST /api/v1/auth/login`,
    `});`,
    ``,
    `socket.on("connect", () => console.log("connected", socket.id, "recovered:", socket.recovered));`,
    `socket.on("connect_error", (err) => console.log("connection failed:", err.message)); // ${reasons}`,
    ...handlers,
  ].join("\n");
}

/**
 * The human page at /api/docs: Swagger UI (served from swagger-ui-dist, no CDN) for REST, and the
 * AsyncAPI document rendered as plain HTML for the socket. Scripts are files, so a strict CSP holds.
 */
export function renderDocsPage(asyncApi: AsyncApi): string {
  const messages = Object.values(asyncApi.components.messages).map(messageSection).join("\n");
  const description = asyncApi.info.description
    .split("\n\n")
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Moien Delivery users API</title>
<link rel="icon" href="/api/docs/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/docs/assets/${SWAGGER_UI_ASSETS.stylesheet}">
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<header><h1>Moien Delivery users API</h1>
<p>Machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1</a> · <a href="/api/docs/asyncapi.json">AsyncAPI 3</a></p></header>
<main>
<h2>REST</h2>
<div id="swagger-ui"></div>
<h2 id="realtime">Realtime: Socket.IO namespace <code>${escapeHtml(asyncApi.channels.users.address)}</code></h2>
${description}
<section class="client">
<h3>Connecting</h3>
<pre><code>${escapeHtml(clientSnippet(asyncApi))}</code></pre>
</section>
${messages}
</main>
<script src="/api/docs/assets/${SWAGGER_UI_ASSETS.script}"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;
}

export const DOCS_INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/docs/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
`;

/** The tab's icon: a file here (the CSP allows images from 'self'), so the page requests nothing that 404s. */
export const DOCS_FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f6feb"/><path d="M8 23V9h3l5 7 5-7h3v14h-3v-9l-5 7-5-7v9z" fill="#fff"/></svg>
`;

export const DOCS_CSS = `body { font-family: system-ui, sans-serif; margin: 0; color: #1b2430; }
header, main > h2, main > p, main > section { margin-left: 2rem; margin-right: 2rem; }
header { border-bottom: 1px solid #dde3ea; padding: 1rem 0; }
main > h2 { margin-top: 2rem; }
pre { background: #f4f6f8; padding: 1rem; overflow: auto; font-size: 0.85rem; border-radius: 4px; }
section.event { border-top: 1px solid #dde3ea; padding-top: 0.5rem; margin-top: 1.5rem; }
table.fields { border-collapse: collapse; width: 100%; max-width: 64rem; font-size: 0.9rem; }
table.fields caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
table.fields th, table.fields td { border: 1px solid #dde3ea; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
table.fields th { background: #f4f6f8; }
table.fields td:nth-child(2), table.fields td:nth-child(4) { white-space: nowrap; }
`;
