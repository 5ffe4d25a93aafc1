import type { buildAsyncApiDocument } from "./asyncapi";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The human page at /api/docs: Swagger UI (served from swagger-ui-dist, no CDN) for REST, and the
 * AsyncAPI document rendered as plain HTML for the socket. Scripts are files, so a strict CSP holds.
 */
export function renderDocsPage(asyncApi: ReturnType<typeof buildAsyncApiDocument>): string {
  const messages = Object.values(asyncApi.components.messages)
    .map(
      (m) => `<section><h3><code>${escapeHtml(m.name)}</code></h3><p>${escapeHtml(m.summary)}</p>
<pre>${escapeHtml(JSON.stringify(m.payload, null, 2))}</pre></section>`,
    )
    .join("\n");
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
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<header><h1>Moien Delivery users API</h1>
<p>Machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1</a> · <a href="/api/docs/asyncapi.json">AsyncAPI 3</a></p></header>
<main>
<h2>REST</h2>
<div id="swagger-ui"></div>
<h2>Realtime: Socket.IO namespace <code>/users</code></h2>
${description}
${messages}
</main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;
}

export const DOCS_INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/docs/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
`;

export const DOCS_CSS = `body { font-family: system-ui, sans-serif; margin: 0; color: #1b2430; }
header, main > h2, main > p, main > section { margin-left: 2rem; margin-right: 2rem; }
header { border-bottom: 1px solid #dde3ea; padding: 1rem 0; }
pre { background: #f4f6f8; padding: 1rem; overflow: auto; font-size: 0.85rem; }
`;
