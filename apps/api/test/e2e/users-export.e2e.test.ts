import { randomBytes, randomUUID } from "node:crypto";
import { AuditPageSchema, type PublicUser } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { BACKENDS, type BackendContext, useAppOn } from "../support/backends";
import { isFormulaCell, parseCsv, readAsSpreadsheet } from "../support/csv";
import { aRegistration, httpClient, registeredUser } from "../support/factories";
import { createOperator, firstSignIn } from "../support/operators";
import { expectProblem } from "../support/problem";

const HEADER = ["id", "fullName", "countryCode", "countryName", "phone", "email", "createdAt"];
const utcDate = () => new Date().toISOString().slice(0, 10);
const aTag = () => `zq${randomBytes(4).toString("hex")}`;
const frenchMobile = () => `+33612${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;

async function exportCsv(ctx: BackendContext, query: string, options: { token?: string; requestId?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? ctx.adminToken}` };
  if (options.requestId) headers["x-request-id"] = options.requestId;
  const response = await fetch(`${ctx.app.url}/api/v1/users/export${query}`, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString("utf8") };
}

/** The records after the BOM and the header row. */
function rowsOf(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual(HEADER);
  return rows;
}

const asRow = (user: PublicUser, name = user.fullName, email = user.email) => [
  user.id,
  name,
  user.countryCode,
  user.countryName,
  user.phone,
  email,
  user.createdAt,
];

/** The server's order: createdAt, then id (two users may share a millisecond). */
const newestFirst = (users: PublicUser[]) => [...users].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));

async function register(ctx: BackendContext, overrides: Parameters<typeof aRegistration>[0]): Promise<PublicUser> {
  const response = await ctx.http.register(aRegistration(overrides));
  expect(response.status, response.text).toBe(201);
  return response.body;
}

describe.each(BACKENDS)("GET /api/v1/users/export on %s storage", (backend) => {
  const ctx = useAppOn(backend);

  it("should stream a CSV with BOM, header, CRLF, every field quoted and inert formula cells when users match", async () => {
    const tag = aTag();
    const formula = await register(ctx, { fullName: `=HYPERLINK("http://evil.example") ${tag}`, email: `+sum.${tag}@example.com` });
    const comma = await register(ctx, { fullName: `Ali, "The Boss" ${tag}`, email: `-minus.${tag}@example.com` });
    const at = await register(ctx, { fullName: `@Ahmed ${tag}`, email: `at.${tag}@example.com` });
    const plus = await register(ctx, { fullName: `+Ahmed ${tag}`, email: `plus.${tag}@example.com` });
    const arabic = await register(ctx, { fullName: `أحمد محمد علي ${tag}`, email: `arabic.${tag}@example.com` });

    const response = await exportCsv(ctx, `?q=${tag}`);
    expect(response.status).toBe(200);
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.text.slice(1).startsWith(`${HEADER.map((name) => `"${name}"`).join(",")}\r\n`)).toBe(true);
    expect(response.text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
    expect(response.text).toContain(`,"'=HYPERLINK(""http://evil.example"") ${tag}",`);
    expect(response.text).toContain(`,"Ali, ""The Boss"" ${tag}",`);
    expect(response.text).toContain(`,"${formula.phone}","'+sum.${tag}@example.com",`);

    const expected = new Map([
      [arabic.id, asRow(arabic)],
      [plus.id, asRow(plus, `'+Ahmed ${tag}`)],
      [at.id, asRow(at, `'@Ahmed ${tag}`)],
      [comma.id, asRow(comma, comma.fullName, `'-minus.${tag}@example.com`)],
      [formula.id, asRow(formula, `'${formula.fullName}`, `'+sum.${tag}@example.com`)],
    ]);
    const rows = rowsOf(response.text);
    expect(rows).toEqual(newestFirst([arabic, plus, at, comma, formula]).map((u) => expected.get(u.id)));
    expect(rows.find((row) => row[0] === arabic.id)?.[1]).toBe(`أحمد محمد علي ${tag}`);
  });

  it("should leave no cell starting with a formula character when a spreadsheet reads it with ; or , as separator", async () => {
    // Issue 20: unquoted, `Ab;=cmd|…` became a cell `=cmd|…` where the list separator is `;`.
    const tag = aTag();
    const user = await register(ctx, { fullName: `Ab;=cmd|' /C calc'!A0 ${tag}` });
    await register(ctx, { fullName: `Ab"; -2+3 ${tag}` });
    await register(ctx, { fullName: `Ab,@SUM(1) ${tag}` });

    const response = await exportCsv(ctx, `?q=${tag}`);
    expect(response.status).toBe(200);
    const text = response.text.slice(1);
    const bySemicolon = readAsSpreadsheet(text, ";");
    expect(bySemicolon).toHaveLength(4);
    expect(bySemicolon.flat().filter(isFormulaCell)).toEqual([]);
    // With commas, the cells are the fields; only the E.164 phones begin with "+" (digits only, by validation).
    const byComma = readAsSpreadsheet(text, ",");
    expect(byComma).toEqual(parseCsv(text));
    expect(byComma.flatMap((row) => row.filter((cell, i) => i !== 4 && isFormulaCell(cell)))).toEqual([]);
    for (const row of byComma.slice(1)) expect(row[4]).toMatch(/^\+[1-9]\d{6,14}$/);
    expect(byComma.find((row) => row[0] === user.id)?.[1]).toBe(user.fullName);
  });

  it("should answer text/csv as an attachment named by the UTC date, never cached", async () => {
    const before = utcDate();
    const response = await exportCsv(ctx, "?country=AQ");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect([before, utcDate()].map((d) => `attachment; filename="moien-users-${d}.csv"`)).toContain(
      response.headers.get("content-disposition"),
    );
    expect(response.text).toBe(`\uFEFF${HEADER.map((name) => `"${name}"`).join(",")}\r\n`);
  });

  it("should honour the filters and the order when they are given", async () => {
    const tag = aTag();
    const lu1 = await register(ctx, { fullName: `Lu One ${tag}` });
    const fr1 = await register(ctx, { fullName: `Fr One ${tag}`, countryCode: "FR", phone: frenchMobile() });
    await new Promise((r) => setTimeout(r, 20));
    const fr2 = await register(ctx, { fullName: `Fr Two ${tag}`, countryCode: "fr", phone: frenchMobile() });
    const lu2 = await register(ctx, { fullName: `Lu Two ${tag}` });
    const ids = async (query: string) => rowsOf((await exportCsv(ctx, query)).text).map((row) => row[0]);

    const newest = (...users: PublicUser[]) => newestFirst(users).map((u) => u.id);
    const oldest = (...users: PublicUser[]) => newest(...users).reverse();

    expect(await ids(`?q=${tag}`)).toEqual(newest(lu1, fr1, fr2, lu2));
    expect(await ids(`?q=${tag}&order=oldest`)).toEqual(oldest(lu1, fr1, fr2, lu2));
    expect(await ids(`?q=${tag}&country=fr`)).toEqual(newest(fr1, fr2));
    expect(await ids(`?q=${tag}&country=FR,LU&order=oldest`)).toEqual(oldest(lu1, fr1, fr2, lu2));
    expect(await ids(`?q=${tag}&registeredFrom=${encodeURIComponent(fr2.createdAt)}`)).toEqual(newest(fr2, lu2));
    expect(await ids(`?q=${tag}&registeredTo=${encodeURIComponent(fr2.createdAt)}&order=oldest`)).toEqual(oldest(lu1, fr1));
    expect(await ids(`?q=${tag}&registeredFrom=2999-01-01`)).toEqual([]);
  });

  it("should record the export once in the audit log with its filters but not the search text", async () => {
    const requestId = `export-${randomUUID()}`;
    const response = await exportCsv(ctx, "?q=secret.person%40example.com&country=fr,LU&registeredFrom=2026-01-01&order=oldest", {
      requestId,
    });
    expect(response.status).toBe(200);
    const audit = await ctx.http.request("GET", "/api/v1/audit?action=users.exported&limit=100", { token: ctx.adminToken });
    const entries = AuditPageSchema.parse(audit.body).items.filter((e) => e.requestId === requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "users.exported",
      actor: { email: ctx.app.admin.email },
      target: null,
      details: { order: "oldest", filters: { search: true, country: ["FR", "LU"], registeredFrom: "2026-01-01T00:00:00.000Z" } },
    });
    expect(audit.text).not.toContain("secret.person");
  });

  it("should answer 400 when the query is invalid, 401 without a token and 403 for a registered user", async () => {
    for (const query of [
      "?order=sideways",
      "?country=LUX",
      "?registeredFrom=yesterday",
      "?registeredFrom=2026-02-02&registeredTo=2026-02-01",
    ]) {
      expectProblem(await ctx.http.request("GET", `/api/v1/users/export${query}`, { token: ctx.adminToken }), 400);
    }
    expectProblem(await ctx.http.request("GET", "/api/v1/users/export"), 401);
    const { token } = await registeredUser(ctx.http);
    expectProblem(await ctx.http.request("GET", "/api/v1/users/export", { token }), 403);
  });
});

/** The console's way: a link from POST /users/export/links, then the link alone, as a browser's download manager follows it. */
async function exportLink(ctx: BackendContext, query: string, token = ctx.adminToken) {
  return ctx.http.request<{ href: string; expiresIn: number }>("POST", `/api/v1/users/export/links${query}`, { token });
}
async function follow(ctx: BackendContext, href: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.app.url}${href}`, { headers });
  // Decoded by hand: Response.text() would drop the byte-order mark.
  return { status: response.status, headers: response.headers, text: Buffer.from(await response.arrayBuffer()).toString("utf8") };
}

describe.each(BACKENDS)("export download links on %s storage", (backend) => {
  const ctx = useAppOn(backend);

  it("should stream the view's export to whoever follows the link once, with no other credential", async () => {
    const tag = aTag();
    const users = [await register(ctx, { fullName: `Link One ${tag}` }), await register(ctx, { fullName: `Link Two ${tag}` })];
    const requestId = `link-${randomUUID()}`;

    const link = await exportLink(ctx, `?q=${tag}&order=oldest`);
    expect(link.status, link.text).toBe(201);
    expect(link.headers.get("cache-control")).toBe("no-store");
    expect(link.body).toEqual({
      href: expect.stringMatching(/^\/api\/v1\/users\/export\/download\?link=[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: 60,
    });
    // Making a link is not an export: nothing is recorded until the link is followed.
    const exported = async () =>
      AuditPageSchema.parse(
        (await ctx.http.request("GET", "/api/v1/audit?action=users.exported&limit=100", { token: ctx.adminToken })).body,
      ).items.filter((e) => e.requestId === requestId);
    expect(await exported()).toHaveLength(0);

    const download = await follow(ctx, link.body.href, { "x-request-id": requestId });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="moien-users-${utcDate()}.csv"`);
    expect(download.headers.get("cache-control")).toBe("no-store");
    expect(rowsOf(download.text)).toEqual(users.map((user) => asRow(user)));
    expect(await exported()).toMatchObject([
      { actor: { email: ctx.app.admin.email }, details: { order: "oldest", filters: { search: true } } },
    ]);

    // Used once: the same link again is refused, and records nothing.
    expectProblem(await ctx.http.request("GET", link.body.href), 401);
    expect(await exported()).toHaveLength(1);
  });

  it("should refuse a forged, altered or swapped link, and a link used as an access token", async () => {
    const { href } = (await exportLink(ctx, "")).body;
    const link = new URL(href, ctx.app.url).searchParams.get("link")!;
    const [header, payload, signature] = link.split(".");
    // The same claims signed by someone without the key; the claims changed under the server's signature.
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, q: { country: "FR" } })).toString("base64url");
    for (const bad of [`${header}.${altered}.${signature}`, `${header}.${payload}.${"A".repeat(signature!.length)}`, ctx.adminToken]) {
      expectProblem(await ctx.http.request("GET", `/api/v1/users/export/download?link=${bad}`), 401);
    }
    expectProblem(await ctx.http.request("GET", "/api/v1/users/export/download?link=not a link"), 400);
    expectProblem(await ctx.http.request("GET", "/api/v1/users/export/download"), 400);
    // A link opens one download, nothing else.
    expectProblem(await ctx.http.request("GET", "/api/v1/users", { token: link }), 401);
    expect((await follow(ctx, href)).status).toBe(200);
  });

  it("should answer the export's own refusals when the link is asked for, not when it is followed", async () => {
    expectProblem(await exportLink(ctx, "?registeredFrom=2026-02-02&registeredTo=2026-02-01"), 400);
    expectProblem(await exportLink(ctx, "?country=LU,,FR"), 400);
    expectProblem(await ctx.http.request("POST", "/api/v1/users/export/links"), 401);
    const { token } = await registeredUser(ctx.http);
    expectProblem(await exportLink(ctx, "", token), 403);
  });

  it("should refuse a link whose session has ended or whose operator may no longer export", async () => {
    const signOut = await createOperator(ctx.http, ctx.adminToken, "admin");
    const first = await firstSignIn(ctx.http, signOut.email, signOut.oneTimePassword, false);
    const ended = (await exportLink(ctx, "", first.token)).body.href;
    expect((await ctx.http.request("POST", "/api/v1/auth/logout", { token: first.token })).status).toBe(204);
    expectProblem(await ctx.http.request("GET", ended), 401);

    const demoted = await createOperator(ctx.http, ctx.adminToken, "admin");
    const second = await firstSignIn(ctx.http, demoted.email, demoted.oneTimePassword, false);
    const before = (await exportLink(ctx, "", second.token)).body.href;
    // A role change ends the operator's sessions too: the link dies with them.
    expect(
      (await ctx.http.request("PATCH", `/api/v1/operators/${demoted.id}`, { token: ctx.adminToken, body: { role: "viewer" } })).status,
    ).toBe(200);
    expectProblem(await ctx.http.request("GET", before), 401);
  });
});

describe.each(BACKENDS)("export limit on %s storage", (backend) => {
  const ctx = useAppOn(backend, { env: { RATE_LIMIT_EXPORT: "2" } });

  it("should answer 429 with Retry-After when an admin exports more often than RATE_LIMIT_EXPORT a minute", async () => {
    const requestIds = [randomUUID(), randomUUID(), randomUUID()];
    expect((await exportCsv(ctx, "", { requestId: requestIds[0] })).status).toBe(200);
    expect((await exportCsv(ctx, "", { requestId: requestIds[1] })).status).toBe(200);
    const limited = await httpClient(ctx.app.url).request("GET", "/api/v1/users/export", {
      token: ctx.adminToken,
      headers: { "x-request-id": requestIds[2]! },
    });
    expectProblem(limited, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // A refused export is not an export: only the two that ran are in the audit log.
    const audit = AuditPageSchema.parse(
      (await ctx.http.request("GET", "/api/v1/audit?action=users.exported", { token: ctx.adminToken })).body,
    );
    expect(audit.items.map((e) => e.requestId)).toEqual([requestIds[1], requestIds[0]]);

    // The console asks for a link first: over the limit, that is where the 429 comes, with the same wait.
    const noLink = expectProblem(await ctx.http.request("POST", "/api/v1/users/export/links", { token: ctx.adminToken }), 429);
    expect(noLink.status).toBe(429);
    expect(
      Number((await ctx.http.request("POST", "/api/v1/users/export/links", { token: ctx.adminToken })).headers.get("retry-after")),
    ).toBeGreaterThanOrEqual(1);
  });
});
