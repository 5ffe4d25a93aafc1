import { PublicUserSchema, UsersPageSchema } from "@moien/contracts";
import { describe, expect, it } from "vitest";
import { BACKENDS, useAppOn } from "../support/backends";
import { aRegistration, registeredUser } from "../support/factories";
import { expectProblem } from "../support/problem";

describe.each(BACKENDS)("users REST API on %s storage", (backend) => {
  const ctx = useAppOn(backend);

  describe("POST /api/v1/users/register", () => {
    it("should answer 201 with the public user and its Location when the input is valid", async () => {
      const response = await ctx.http.register(
        aRegistration({
          fullName: "  Ahmed \t Mohamed   Ali ",
          countryCode: "lu",
          phone: "691 234 567",
          email: "  Ahmed.ALI@Example.COM ",
        }),
      );
      expect(response.status).toBe(201);
      const user = PublicUserSchema.parse(response.body);
      expect(Object.keys(response.body as object).sort()).toEqual(
        ["countryCode", "countryName", "createdAt", "email", "fullName", "id", "phone"].sort(),
      );
      expect(user).toMatchObject({
        fullName: "Ahmed Mohamed Ali",
        countryCode: "LU",
        countryName: "Luxembourg",
        phone: "+352691234567",
        email: "ahmed.ali@example.com",
      });
      expect(user.id).toBe(user.id.toLowerCase());
      expect(response.headers.get("location")).toBe(`/api/v1/users/${user.id}`);
      expect(response.text).not.toMatch(/password|hash|role/i);
    });

    it("should accept names in any script when they are 2 to 100 characters", async () => {
      const response = await ctx.http.register(aRegistration({ fullName: "أحمد محمد علي" }));
      expect(response.status).toBe(201);
      expect(response.body.fullName).toBe("أحمد محمد علي");
    });

    it("should refuse a name with a bidi override or an invisible character, and keep U+200C for Persian", async () => {
      for (const c of ["\u202E", "\u2067", "\u200F", "\u200B", "\u200D", "\u2060", "\uFEFF"]) {
        const problem = expectProblem(await ctx.http.register(aRegistration({ fullName: `Ali${c}gnp.exe` })), 400);
        expect(problem.errors?.map((e) => e.field)).toEqual(["fullName"]);
      }
      const persian = await ctx.http.register(aRegistration({ fullName: "زهرا نیک\u200Cنام" }));
      expect(persian.status, persian.text).toBe(201);
      expect(persian.body.fullName).toBe("زهرا نیک\u200Cنام");
    });

    it("should list every invalid field at once when several are wrong", async () => {
      const response = await ctx.http.register({ fullName: "A", countryCode: "LUX", phone: "", email: "not-an-email", password: "short" });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(["countryCode", "email", "fullName", "password", "phone"]);
    });

    it("should say which fields are missing when the body is empty", async () => {
      const problem = expectProblem(await ctx.http.request("POST", "/api/v1/users/register", { body: {} }), 400);
      expect(problem.errors).toContainEqual({ field: "email", message: "email is required" });
      expect(problem.errors).toHaveLength(5);
    });

    it("should say the body must be a JSON object when it is null, on register and login", async () => {
      for (const path of ["/api/v1/users/register", "/api/v1/auth/login"]) {
        const response = await ctx.http.request("POST", path, { rawBody: "null", headers: { "content-type": "application/json" } });
        expect(expectProblem(response, 400).errors, path).toEqual([{ field: "body", message: "the body must be a JSON object" }]);
      }
    });

    it("should refuse a phone when it is not valid for the country", async () => {
      const problem = expectProblem(await ctx.http.register(aRegistration({ countryCode: "LU", phone: "+33612345678" })), 400);
      expect(problem.errors).toEqual([{ field: "phone", message: "phone must be a valid phone number of LU" }]);
    });

    it("should refuse when the body is not an object, too long, or has wrong types", async () => {
      expectProblem(await ctx.http.request("POST", "/api/v1/users/register", { body: [1, 2] }), 400);
      expectProblem(await ctx.http.register(aRegistration({ fullName: "x".repeat(101) })), 400);
      expectProblem(await ctx.http.register({ ...aRegistration(), email: 42 } as never), 400);
      expectProblem(await ctx.http.register(aRegistration({ email: `${"a".repeat(250)}@example.com` })), 400);
      expectProblem(await ctx.http.register(aRegistration({ password: "p".repeat(129) })), 400);
      expectProblem(
        await ctx.http.request("POST", "/api/v1/users/register", { rawBody: "{oops", headers: { "content-type": "application/json" } }),
        400,
      );
    });

    it("should answer 409 naming the field when the email or phone is taken", async () => {
      const first = aRegistration();
      expect((await ctx.http.register(first)).status).toBe(201);
      const sameEmail = expectProblem(await ctx.http.register(aRegistration({ email: first.email.toUpperCase() })), 409);
      expect(sameEmail.errors).toEqual([{ field: "email", message: "email is already registered" }]);
      const samePhone = expectProblem(await ctx.http.register(aRegistration({ phone: first.phone.replace("+352", "00352") })), 409);
      expect(samePhone.errors).toEqual([{ field: "phone", message: "phone is already registered" }]);
    });

    it("should let exactly one win when the same email registers concurrently", async () => {
      const email = aRegistration().email;
      const responses = await Promise.all(Array.from({ length: 8 }, () => ctx.http.register(aRegistration({ email }))));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const page = await ctx.http.request("GET", `/api/v1/users?q=${encodeURIComponent(email)}`, { token: ctx.adminToken });
      expect(UsersPageSchema.parse(page.body).items).toHaveLength(1);
    });

    it("should answer 413 when the body is over 16 KiB", async () => {
      const response = await ctx.http.register({ ...aRegistration(), padding: "x".repeat(17 * 1024) } as never);
      expectProblem(response, 413);
    });

    it("should answer 415 when the body is not JSON", async () => {
      const response = await ctx.http.request("POST", "/api/v1/users/register", {
        rawBody: "fullName=Ahmed",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expectProblem(response, 415);
      expectProblem(
        await ctx.http.request("POST", "/api/v1/users/register", { rawBody: "hi", headers: { "content-type": "text/plain" } }),
        415,
      );
    });
  });

  describe("POST /api/v1/auth/login", () => {
    it("should give an admin token with role admin when the admin logs in", async () => {
      const response = await ctx.http.login(ctx.app.admin.email, ctx.app.admin.password);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ tokenType: "Bearer", role: "admin", expiresIn: 12 * 3600 });
      expect(response.body.accessToken.split(".")).toHaveLength(3);
    });

    it("should give role user when a registered user logs in", async () => {
      const registration = aRegistration();
      await ctx.http.register(registration);
      const response = await ctx.http.login(registration.email.toUpperCase(), registration.password);
      expect(response.status).toBe(200);
      expect(response.body.role).toBe("user");
    });

    it("should answer the same 401 when the email is unknown or the password wrong", async () => {
      const unknown = expectProblem(await ctx.http.login("nobody@example.com", "whatever-password"), 401);
      const wrong = expectProblem(await ctx.http.login(ctx.app.admin.email, "wrong-password"), 401);
      expect(unknown).toEqual(wrong);
    });

    it("should answer 400 when fields are missing", async () => {
      const problem = expectProblem(await ctx.http.request("POST", "/api/v1/auth/login", { body: {} }), 400);
      expect(problem.errors?.map((e) => e.field)).toEqual(["email", "password"]);
    });
  });

  describe("GET /api/v1/users", () => {
    it("should page through users newest first without gaps or repeats when following nextCursor", async () => {
      const q = `pager${Date.now()}`;
      const created: string[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await ctx.http.register(aRegistration({ email: `${q}.${i}@example.com` }));
        created.push(response.body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=3&q=${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const response = await ctx.http.request("GET", `/api/v1/users${query}`, { token: ctx.adminToken });
        expect(response.status).toBe(200);
        const page = UsersPageSchema.parse(response.body);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].reverse());
    });

    it("should default to exactly 50 when there are more, and keep admins out of the list", async () => {
      // More than a page, whatever the earlier tests left: the default must cut at 50, not merely stay under it.
      for (let batch = 0; batch < 6; batch++) {
        const created = await Promise.all(Array.from({ length: 10 }, () => ctx.http.register(aRegistration())));
        expect(created.map((r) => r.status)).toEqual(Array(10).fill(201));
      }
      const response = await ctx.http.request("GET", "/api/v1/users", { token: ctx.adminToken });
      const page = UsersPageSchema.parse(response.body);
      expect(page.items).toHaveLength(50);
      expect(page.nextCursor).not.toBeNull();
      expect(page.items.map((u) => u.email)).not.toContain(ctx.app.admin.email);
      const sorted = [...page.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      expect(page.items.map((u) => u.createdAt)).toEqual(sorted.map((u) => u.createdAt));
    });

    it("should match name, email or phone case-insensitively when q is given", async () => {
      const { user } = await registeredUser(ctx.http, { fullName: "Zeynab Qwerty", email: "zq.search@example.com" });
      for (const q of ["zeynab qw", "ZQ.SEARCH@", user.phone.slice(4, 10), `+352 ${user.phone.slice(4, 7)} ${user.phone.slice(7)}`]) {
        const response = await ctx.http.request("GET", `/api/v1/users?q=${encodeURIComponent(q)}`, { token: ctx.adminToken });
        expect(
          UsersPageSchema.parse(response.body).items.map((u) => u.id),
          q,
        ).toContain(user.id);
      }
      const none = await ctx.http.request("GET", `/api/v1/users?q=${encodeURIComponent("100%_\\")}`, { token: ctx.adminToken });
      expect(UsersPageSchema.parse(none.body).items).toEqual([]);
    });

    it("should answer 400 when the query is wrong", async () => {
      for (const query of ["limit=0", "limit=101", "limit=abc", "limit=2.5", "cursor=forged", `q=${"x".repeat(101)}`]) {
        expectProblem(await ctx.http.request("GET", `/api/v1/users?${query}`, { token: ctx.adminToken }), 400);
      }
    });

    it("should answer 401 without a valid token and 403 for a user", async () => {
      expectProblem(await ctx.http.request("GET", "/api/v1/users"), 401);
      expectProblem(await ctx.http.request("GET", "/api/v1/users", { token: "not.a.token" }), 401);
      const { token } = await registeredUser(ctx.http);
      expectProblem(await ctx.http.request("GET", "/api/v1/users", { token }), 403);
    });
  });

  describe("GET /api/v1/users/:id", () => {
    it("should show the user to an admin and to that user, and 403 to another user", async () => {
      const { user, token } = await registeredUser(ctx.http);
      const other = await registeredUser(ctx.http);
      const asAdmin = await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: ctx.adminToken });
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual(user);
      const asSelf = await ctx.http.request("GET", `/api/v1/users/${user.id.toUpperCase()}`, { token });
      expect(asSelf.body).toEqual(user);
      expectProblem(await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: other.token }), 403);
    });

    it("should answer 400 for a malformed id, 404 for an unknown one, 401 without a token", async () => {
      expectProblem(await ctx.http.request("GET", "/api/v1/users/not-a-uuid", { token: ctx.adminToken }), 400);
      expectProblem(await ctx.http.request("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000", { token: ctx.adminToken }), 404);
      expectProblem(await ctx.http.request("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000"), 401);
    });
  });

  describe("DELETE /api/v1/users/:id", () => {
    it("should delete when an admin asks, then 404 when asked again", async () => {
      const { user } = await registeredUser(ctx.http);
      const response = await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token: ctx.adminToken });
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expectProblem(await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token: ctx.adminToken }), 404);
      expectProblem(await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: ctx.adminToken }), 404);
    });

    it("should erase the account when the user asks, and revoke their token", async () => {
      const { user, token, registration } = await registeredUser(ctx.http);
      expect((await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token })).status).toBe(204);
      expectProblem(await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token }), 401);
      expectProblem(await ctx.http.login(registration.email, registration.password), 401);
      // The email and phone are free again after erasure.
      expect((await ctx.http.register(registration)).status).toBe(201);
    });

    it("should answer 403 when a user deletes someone else, 400 for a malformed id, 401 without a token", async () => {
      const victim = await registeredUser(ctx.http);
      const attacker = await registeredUser(ctx.http);
      expectProblem(await ctx.http.request("DELETE", `/api/v1/users/${victim.user.id}`, { token: attacker.token }), 403);
      expectProblem(await ctx.http.request("DELETE", "/api/v1/users/123", { token: ctx.adminToken }), 400);
      expectProblem(await ctx.http.request("DELETE", `/api/v1/users/${victim.user.id}`), 401);
      expect((await ctx.http.request("GET", `/api/v1/users/${victim.user.id}`, { token: ctx.adminToken })).status).toBe(200);
    });

    it("should answer 404 when an admin id is targeted (admins are not users)", async () => {
      const me = JSON.parse(Buffer.from(ctx.adminToken.split(".")[1]!, "base64url").toString()) as { sub: string };
      expectProblem(await ctx.http.request("DELETE", `/api/v1/users/${me.sub}`, { token: ctx.adminToken }), 404);
    });
  });

  describe("GET /api/v1/health and the rest", () => {
    it("should report the database up and redis disabled", async () => {
      const response = await ctx.http.request("GET", "/api/v1/health");
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: "ok", checks: { database: "up", redis: "disabled" } });
    });

    it("should answer unknown routes with a 404 problem document", async () => {
      expectProblem(await ctx.http.request("GET", "/api/v1/nothing-here"), 404);
    });

    it("should echo an allowed origin and give no CORS headers to another", async () => {
      const allowed = await ctx.http.request("GET", "/api/v1/health", { headers: { origin: "http://localhost:5173" } });
      expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      const foreign = await ctx.http.request("GET", "/api/v1/health", { headers: { origin: "https://evil.example" } });
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
      const preflight = await ctx.http.request("OPTIONS", "/api/v1/users/register", {
        headers: {
          origin: "http://127.0.0.1:4200",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,authorization",
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:4200");
      const list = (name: string) =>
        preflight.headers
          .get(name)
          ?.split(",")
          .map((s) => s.trim().toLowerCase());
      expect(list("access-control-allow-methods")).toEqual(["get", "post", "put", "patch", "delete"]);
      expect(list("access-control-allow-headers")).toEqual(["content-type", "authorization"]);
    });
  });
});
