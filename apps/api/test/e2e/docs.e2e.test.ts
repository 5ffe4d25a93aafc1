import "reflect-metadata";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import { usersApiRoutes } from "@moien/contracts";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import AjvDraft7 from "ajv";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { aRegistration, httpClient, registeredUser, type Http } from "../support/factories";
import { API_DIST } from "../support/run-node";
import { closeAllSockets, connectedAdmin, recordEvents } from "../support/sockets";

type OpenApi = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};
type AsyncApi = { components: { messages: Record<string, { name: string; payload: unknown; examples: { payload: unknown }[] }> } };

/** (METHOD, /path/{param}) of every route the compiled controllers declare, read from Nest's metadata. */
function declaredRoutes(): string[] {
  const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "ALL", "OPTIONS", "HEAD"];
  const controllers = [
    ["users/users.controller.js", "UsersController"],
    ["auth/auth.controller.js", "AuthController"],
    ["health/health.controller.js", "HealthController"],
    ["audit/audit.controller.js", "AuditController"],
    ["users/profile/user-profile.controller.js", "UserProfileController"],
    ["users/suspensions/suspensions.controller.js", "SuspensionsController"],
    ["operators/operators.controller.js", "OperatorsController"],
    ["backup/backup.controller.js", "BackupController"],
  ];
  const routes: string[] = [];
  for (const [file, name] of controllers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const controller = require(join(API_DIST, file!))[name!];
    const base = Reflect.getMetadata("path", controller) as string;
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[key];
      const paths = Reflect.getMetadata("path", handler) as string | string[] | undefined;
      if (paths === undefined || key === "constructor") continue;
      const method = methods[Reflect.getMetadata("method", handler) as number];
      for (const path of [paths].flat()) {
        const full = ["/api/v1", base, path].filter(Boolean).join("/").replace(/\/+/g, "/").replace(/\/$/, "");
        routes.push(`${method} ${full.replace(/:(\w+)/g, "{$1}")}`);
      }
    }
  }
  return routes.sort();
}

describe("OpenAPI and AsyncAPI documents", () => {
  let app: AppProcess;
  let http: Http;
  let openApi: OpenApi;
  let asyncApi: AsyncApi;

  beforeAll(async () => {
    app = await startApp();
    http = httpClient(app.url);
    openApi = (await http.request<OpenApi>("GET", "/api/docs/openapi.json")).body;
    asyncApi = (await http.request<AsyncApi>("GET", "/api/docs/asyncapi.json")).body;
  });
  afterEach(closeAllSockets);
  afterAll(() => disposeApp(app));

  it("should serve an OpenAPI 3.1 document that passes the official schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApi);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("should serve an AsyncAPI 3 document that the official parser accepts without errors", async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApi));
    expect(diagnostics.filter((d) => Number(d.severity) === 0)).toEqual([]); // 0: error
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(["/users", "/audit"]);
    expect(
      document
        ?.messages()
        .all()
        .map((m) => m.name())
        .sort(),
    ).toEqual(["audit.created", "users.created", "users.deleted", "users.reinstated", "users.suspended", "users.updated"]);
  });

  it("should document exactly the routes the server declares", () => {
    const documented = Object.entries(openApi.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(declaredRoutes());
    expect(documented).toHaveLength(Object.keys(usersApiRoutes).length);
  });

  it("should answer every route with the status and body its document promises", async () => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    for (const [name, schema] of Object.entries(openApi.components.schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const resolve = (schema: unknown) => {
      const ref = (schema as { $ref?: string }).$ref;
      return ref ? ajv.getSchema(ref)!.schema : schema;
    };
    const expectDocumented = (path: string, method: string, response: { status: number; body: unknown; headers: Headers }) => {
      const documented = openApi.paths[path]?.[method]?.responses[String(response.status)];
      expect(documented, `${method} ${path} answered an undocumented ${response.status}`).toBeDefined();
      const content = documented!.content;
      if (!content) return;
      const [mediaType, { schema }] = Object.entries(content)[0]!;
      expect(response.headers.get("content-type")).toContain(mediaType);
      const validate = ajv.compile(resolve(schema) as object);
      expect(validate(response.body), `${method} ${path} ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    const admin = await app.adminToken();
    const { user, token } = await registeredUser(http);
    const NO_ONE = "00000000-0000-4000-8000-000000000000";
    const operatorId = async () =>
      ((await http.request("GET", "/api/v1/operators", { token: admin })).body as { items: { id: string; email: string }[] }).items.find(
        (o) => o.email === "desk@moien.test",
      )?.id ?? NO_ONE;
    const calls: [string, string, () => Promise<{ status: number; body: unknown; headers: Headers }>][] = [
      ["/api/v1/users/register", "post", () => http.register(aRegistration())],
      ["/api/v1/users/register", "post", () => http.register({ ...aRegistration(), email: "nope" })],
      ["/api/v1/auth/login", "post", () => http.login(app.admin.email, app.admin.password)],
      ["/api/v1/auth/login", "post", () => http.login(app.admin.email, "wrong-password")],
      ["/api/v1/users", "get", () => http.request("GET", "/api/v1/users?limit=2", { token: admin })],
      ["/api/v1/users", "get", () => http.request("GET", "/api/v1/users", { token })],
      ["/api/v1/users/stats", "get", () => http.request("GET", "/api/v1/users/stats", { token: admin })],
      ["/api/v1/users/stats", "get", () => http.request("GET", "/api/v1/users/stats", { token })],
      ["/api/v1/users/count", "get", () => http.request("GET", "/api/v1/users/count?q=ahmed&country=LU", { token: admin })],
      ["/api/v1/users/count", "get", () => http.request("GET", "/api/v1/users/count?country=LUX", { token: admin })],
      ["/api/v1/users/{id}", "get", () => http.request("GET", `/api/v1/users/${user.id}`, { token })],
      ["/api/v1/users/{id}", "get", () => http.request("GET", "/api/v1/users/nope", { token: admin })],
      ["/api/v1/users/{id}", "delete", () => http.request("DELETE", `/api/v1/users/${user.id}`, { token: admin })],
      ["/api/v1/users/{id}", "delete", () => http.request("DELETE", `/api/v1/users/${user.id}`, { token: admin })],
      ["/api/v1/users/export", "get", () => http.request("GET", "/api/v1/users/export?country=LU", { token: admin })],
      ["/api/v1/users/export", "get", () => http.request("GET", "/api/v1/users/export?order=sideways", { token: admin })],
      ["/api/v1/audit", "get", () => http.request("GET", "/api/v1/audit?limit=2", { token: admin })],
      ["/api/v1/audit", "get", () => http.request("GET", "/api/v1/audit?action=nope", { token: admin })],
      ["/api/v1/health", "get", () => http.request("GET", "/api/v1/health")],
      ["/api/v1/health/ready", "get", () => http.request("GET", "/api/v1/health/ready")],
      ["/api/v1/health/live", "get", () => http.request("GET", "/api/v1/health/live")],
      [
        "/api/v1/auth/mfa/verify",
        "post",
        () => http.request("POST", "/api/v1/auth/mfa/verify", { body: { challenge: "x", code: "123456" } }),
      ],
      ["/api/v1/auth/mfa/enroll", "post", () => http.request("POST", "/api/v1/auth/mfa/enroll", { body: { challenge: "x" } })],
      [
        "/api/v1/auth/mfa/enroll/confirm",
        "post",
        () => http.request("POST", "/api/v1/auth/mfa/enroll/confirm", { body: { challenge: "x" } }),
      ],
      [
        "/api/v1/auth/mfa/step-up",
        "post",
        () => http.request("POST", "/api/v1/auth/mfa/step-up", { token: admin, body: { code: "000000" } }),
      ],
      ["/api/v1/auth/session", "get", () => http.request("GET", "/api/v1/auth/session", { token: admin })],
      ["/api/v1/auth/sessions", "get", () => http.request("GET", "/api/v1/auth/sessions", { token: admin })],
      ["/api/v1/auth/sessions/{id}", "delete", () => http.request("DELETE", `/api/v1/auth/sessions/${NO_ONE}`, { token: admin })],
      [
        "/api/v1/auth/password",
        "post",
        () => http.request("POST", "/api/v1/auth/password", { token: admin, body: { currentPassword: "no", newPassword: "whatever-123" } }),
      ],
      ["/api/v1/auth/logout", "post", async () => http.request("POST", "/api/v1/auth/logout", { token: await app.adminToken() })],
      ["/api/v1/operators", "get", () => http.request("GET", "/api/v1/operators", { token: admin })],
      [
        "/api/v1/operators",
        "post",
        () => http.request("POST", "/api/v1/operators", { token: admin, body: { email: "desk@moien.test", role: "viewer" } }),
      ],
      [
        "/api/v1/operators/{id}",
        "patch",
        async () => http.request("PATCH", `/api/v1/operators/${await operatorId()}`, { token: admin, body: {} }),
      ],
      [
        "/api/v1/operators/{id}/mfa-reset",
        "post",
        async () => http.request("POST", `/api/v1/operators/${await operatorId()}/mfa-reset`, { token: admin }),
      ],
      [
        "/api/v1/operators/{id}/sessions",
        "delete",
        async () => http.request("DELETE", `/api/v1/operators/${await operatorId()}/sessions`, { token: admin }),
      ],
      [
        "/api/v1/users/{id}",
        "patch",
        async () =>
          http.request("PATCH", `/api/v1/users/${(await registeredUser(http)).user.id}`, { token: admin, body: { fullName: "Renamed" } }),
      ],
      [
        "/api/v1/users/me/password",
        "post",
        async () =>
          http.request("POST", "/api/v1/users/me/password", {
            token: (await registeredUser(http)).token,
            body: { currentPassword: "nope", newPassword: "whatever-123" },
          }),
      ],
      ["/api/v1/users/export/links", "post", () => http.request("POST", "/api/v1/users/export/links", { token: admin })],
      [
        "/api/v1/users/export/download",
        "get",
        async () => {
          const link = await http.request<{ href: string }>("POST", "/api/v1/users/export/links", { token: admin });
          return http.request("GET", link.body.href);
        },
      ],
      ["/api/v1/backup", "get", () => http.request("GET", "/api/v1/backup", { token: admin })],
      ["/api/v1/backup/local", "get", () => http.request("GET", "/api/v1/backup/local", { headers: { "x-backup-key": "not-the-key" } })],
      ["/api/v1/users/suspensions", "get", () => http.request("GET", "/api/v1/users/suspensions", { token: admin })],
      [
        "/api/v1/users/{id}/suspension",
        "put",
        async () =>
          http.request("PUT", `/api/v1/users/${(await registeredUser(http)).user.id}/suspension`, {
            token: admin,
            body: { reason: "test" },
          }),
      ],
      [
        "/api/v1/users/{id}/suspension",
        "delete",
        async () => http.request("DELETE", `/api/v1/users/${(await registeredUser(http)).user.id}/suspension`, { token: admin }),
      ],
    ];
    for (const [path, method, call] of calls) expectDocumented(path, method, await call());
    const covered = new Set(calls.map(([path, method]) => `${method} ${path}`));
    expect(covered.size).toBe(Object.keys(usersApiRoutes).length);
  });

  it("should send event payloads that validate against the AsyncAPI message schemas", async () => {
    const ajv = addFormats(new AjvDraft7({ strict: false, allErrors: true }));
    const schemaOf = (event: string) => {
      const message = Object.values(asyncApi.components.messages).find((m) => m.name === event);
      return ajv.compile(message!.payload as object);
    };
    const recorder = recordEvents(await connectedAdmin(app.url, await app.adminToken()));
    const created = await http.register(aRegistration());
    await http.request("DELETE", `/api/v1/users/${created.body.id}`, { token: await app.adminToken() });
    await recorder.waitFor(2);
    expect(recorder.events.map((e) => e.name)).toEqual(["users.created", "users.deleted"]);
    for (const { name, payload } of recorder.events) {
      const validate = schemaOf(name);
      expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("should give each event an example payload that its own schema accepts", () => {
    const ajv = addFormats(new AjvDraft7({ strict: false, allErrors: true }));
    for (const message of Object.values(asyncApi.components.messages)) {
      expect(message.examples, message.name).toHaveLength(1);
      const validate = ajv.compile(message.payload as object);
      expect(validate(message.examples[0]!.payload), `${message.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("should show each socket event as a table of fields with an example and a client snippet, not as raw JSON Schema", async () => {
    const page = (await http.request("GET", "/api/docs")).text;
    const section = page.slice(page.indexOf('<section class="event" id="event-users.created">'));
    const table = section.slice(section.indexOf('<table class="fields">'), section.indexOf("</table>"));
    const rows = [...table.matchAll(/<tr><td><code>(\w+)<\/code><\/td><td>([^<]+)<\/td><td>(.*?)<\/td><td>(yes|no)<\/td><\/tr>/g)].map(
      (m) => [m[1], m[2], m[4]],
    );
    expect(rows).toEqual([
      ["id", "string (uuid)", "yes"],
      ["fullName", "string", "yes"],
      ["countryCode", "string", "yes"],
      ["countryName", "string", "yes"],
      ["phone", "string", "yes"],
      ["email", "string (email)", "yes"],
      ["createdAt", "string (date-time)", "yes"],
    ]);
    expect(table).toContain("runs of whitespace folded");
    expect(table).toContain("Pattern <code>^[A-Z]{2}$</code>");
    // The example payload, as the page shows it (HTML-escaped JSON).
    const example = JSON.stringify(asyncApi.components.messages.UsersCreated!.examples[0]!.payload, null, 2);
    expect(section).toContain(`<h4>Example payload</h4>\n<pre><code>${example.replace(/"/g, "&#34;")}</code></pre>`);
    expect(example).toContain('"fullName": "Ahmed Mohamed Ali"');
    // The seed's client snippet, with the token and every event of the document.
    expect(page).toContain("io(&#34;http://localhost:3000/users&#34;, {");
    expect(page).toContain("auth: { token },");
    for (const event of ["users.created", "users.updated", "users.deleted", "users.suspended", "users.reinstated"])
      expect(page).toContain(`socket.on(&#34;${event}&#34;`);
    // No raw schemas: neither the generated email / date-time regexes nor JSON Schema keywords.
    expect(page).not.toContain("additionalProperties");
    expect(page).not.toContain("(?:[A-Za-z0-9][A-Za-z0-9");
    expect(page).not.toContain("[13579][26]");
  });

  it("should serve the page's favicon, so the browser's request for it does not 404", async () => {
    const page = (await http.request("GET", "/api/docs")).text;
    const href = /<link rel="icon" href="([^"]+)"/.exec(page)?.[1];
    expect(href).toBe("/api/docs/favicon.svg");
    const icon = await http.request("GET", href!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.text).toMatch(/^<svg /);
  });

  it("should serve a readable docs page with Swagger UI and the socket reference, from local files", async () => {
    const page = await http.request("GET", "/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("/api/docs/openapi.json");
    expect(page.text).toContain("users.created");
    expect(page.text).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.js/);
    for (const asset of ["/api/docs/assets/swagger-ui-bundle.js", "/api/docs/assets/swagger-ui.css", "/api/docs/init.js"]) {
      expect((await http.request("GET", asset)).status, asset).toBe(200);
    }
  });

  it("should serve only the Swagger UI files the page loads when the package holds more", async () => {
    const assets = [...(await http.request("GET", "/api/docs")).text.matchAll(/\/api\/docs\/assets\/[^"]+/g)].map((m) => m[0]).sort();
    expect(assets).toEqual(["/api/docs/assets/swagger-ui-bundle.js", "/api/docs/assets/swagger-ui.css"]);
    for (const path of [
      "/api/docs/assets/package.json",
      "/api/docs/assets/index.html",
      "/api/docs/assets/",
      "/api/docs/assets/swagger-initializer.js",
      "/api/docs/assets/swagger-ui-bundle.js.map",
      "/api/docs/assets/swagger-ui.css.map",
      "/api/docs/assets/swagger-ui-standalone-preset.js",
      "/api/docs/assets/oauth2-redirect.html",
      "/api/docs/assets/LICENSE",
      "/api/docs/assets/%2e%2e/package.json",
      "/api/docs/assets/./package.json",
    ]) {
      const response = await http.request("GET", path);
      expect(response.status, path).toBe(404);
      expect(response.text, path).not.toContain("petstore");
    }
  });
});
