import { AuditPageSchema, PublicUserSchema, SuspensionSchema, SuspensionsPageSchema, UsersStatsSchema } from "@moien/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { BACKENDS, useAppOn } from "../support/backends";
import { aRegistration, registeredUser } from "../support/factories";
import { expectProblem } from "../support/problem";
import { closeAllSockets, connectedAdmin, expectNoMoreEvents, recordEvents } from "../support/sockets";

// Contract, "A user's lifecycle: updates and suspension", on both stores: the REST rules, the events
// each change sends (and does not send), the audit entries and the statistics that follow a change.
describe.each(BACKENDS)("a user's lifecycle on %s storage", (backend) => {
  const ctx = useAppOn(backend);
  afterEach(() => closeAllSockets());

  const patch = (id: string, body: unknown, token = ctx.adminToken) =>
    ctx.http.request<Record<string, unknown>>("PATCH", `/api/v1/users/${id}`, { body, token });
  const suspend = (id: string, body: unknown = {}, token = ctx.adminToken) =>
    ctx.http.request("PUT", `/api/v1/users/${id}/suspension`, { body, token });
  const reinstate = (id: string, token = ctx.adminToken) => ctx.http.request("DELETE", `/api/v1/users/${id}/suspension`, { token });
  const auditOf = async (action: string) =>
    AuditPageSchema.parse((await ctx.http.request("GET", `/api/v1/audit?action=${action}`, { token: ctx.adminToken })).body).items;

  describe("PATCH /api/v1/users/:id", () => {
    it("should change each field alone with the registration's rules, then all together", async () => {
      const { user } = await registeredUser(ctx.http);
      const name = await patch(user.id, { fullName: "  Ahmed   Ali  " });
      expect(name.status).toBe(200);
      expect(PublicUserSchema.parse(name.body)).toEqual({ ...user, fullName: "Ahmed Ali" });
      expect(name.headers.get("cache-control")).toBe("no-store");

      const email = await patch(user.id, { email: "  New.Address@Example.COM " });
      expect(email.body).toMatchObject({ email: "new.address@example.com", fullName: "Ahmed Ali" });

      const phone = await patch(user.id, { phone: "621 555 111" });
      expect(phone.body).toMatchObject({ phone: "+352621555111" });

      const country = await patch(user.id, { countryCode: "fr", phone: "06 12 34 56 78" });
      expect(country.body).toMatchObject({ countryCode: "FR", countryName: "France", phone: "+33612345678" });

      const fresh = aRegistration();
      const all = await patch(user.id, { fullName: "أحمد علي", countryCode: "LU", phone: fresh.phone, email: fresh.email });
      expect(all.body).toEqual({
        ...user,
        fullName: "أحمد علي",
        countryCode: "LU",
        countryName: "Luxembourg",
        phone: fresh.phone,
        email: fresh.email,
      });
      expect((await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: ctx.adminToken })).body).toEqual(all.body);
      // Search follows the new values at once (the generated column).
      const found = await ctx.http.request<{ items: { id: string }[] }>("GET", `/api/v1/users?q=${encodeURIComponent("احمد علي")}`, {
        token: ctx.adminToken,
      });
      expect(found.body.items.map((u) => u.id)).toContain(user.id);
    });

    it("should list every invalid field at once", async () => {
      const { user } = await registeredUser(ctx.http);
      const problem = expectProblem(await patch(user.id, { fullName: "A", countryCode: "LUX", phone: 5, email: "nope" }), 400);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(["countryCode", "email", "fullName", "phone"]);
    });

    it("should refuse a phone that is not valid for the new country, or the current phone for a new country alone", async () => {
      const { user } = await registeredUser(ctx.http);
      const wrongPhone = expectProblem(await patch(user.id, { countryCode: "FR", phone: "691 234 567" }), 400);
      expect(wrongPhone.errors).toEqual([{ field: "phone", message: "phone must be a valid phone number of FR" }]);
      const countryAlone = expectProblem(await patch(user.id, { countryCode: "FR" }), 400);
      expect(countryAlone.errors?.[0]?.field).toBe("phone");
      expect((await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: ctx.adminToken })).body).toEqual(user);
    });

    it("should answer 409 naming the field when the email or phone is taken, and let one of two racing updates win", async () => {
      const { user: taken } = await registeredUser(ctx.http);
      const { user } = await registeredUser(ctx.http);
      expect(expectProblem(await patch(user.id, { email: taken.email }), 409).errors).toEqual([
        { field: "email", message: "email is already registered" },
      ]);
      expect(expectProblem(await patch(user.id, { phone: taken.phone }), 409).errors?.[0]?.field).toBe("phone");

      const { user: other } = await registeredUser(ctx.http);
      const wanted = aRegistration().email;
      const answers = await Promise.all([patch(user.id, { email: wanted }), patch(other.id, { email: wanted })]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    });

    it("should let a user change their own profile but answer 403 for someone else's, 401 without a token, 404 for no one", async () => {
      const me = await registeredUser(ctx.http);
      const { user: someone } = await registeredUser(ctx.http);
      expect((await patch(me.user.id, { fullName: "Myself Again" }, me.token)).status).toBe(200);
      expectProblem(await patch(someone.id, { fullName: "Not Mine" }, me.token), 403);
      expectProblem(await ctx.http.request("PATCH", `/api/v1/users/${someone.id}`, { body: { fullName: "Anyone" } }), 401);
      expectProblem(await patch("00000000-0000-4000-8000-000000000000", { fullName: "No One" }), 404);
      expectProblem(await patch("not-a-uuid", { fullName: "No One" }), 400);
    });

    it("should send users.updated equal to the answer once, nothing for a no-op, and keep commit order with create and delete", async () => {
      const socket = await connectedAdmin(ctx.app.url, ctx.adminToken);
      const recorder = recordEvents(socket);
      const { user } = await registeredUser(ctx.http);
      const updated = await patch(user.id, { fullName: "Renamed Live" });
      expect((await patch(user.id, { fullName: "Renamed Live", email: user.email })).status).toBe(200); // a no-op
      expect((await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token: ctx.adminToken })).status).toBe(204);
      await recorder.waitFor(3);
      await expectNoMoreEvents(recorder, 3, 600);
      expect(recorder.events.map((e) => e.name)).toEqual(["users.created", "users.updated", "users.deleted"]);
      expect(recorder.events[1]?.payload).toEqual(updated.body);
    });

    it("should move the user between countries in the statistics and audit the names of the changed fields only", async () => {
      const { user } = await registeredUser(ctx.http, { countryCode: "MA", phone: "+212612345678" });
      const before = UsersStatsSchema.parse((await ctx.http.request("GET", "/api/v1/users/stats", { token: ctx.adminToken })).body);
      const count = (stats: typeof before, code: string) => stats.byCountry.find((c) => c.countryCode === code)?.count ?? 0;
      expect((await patch(user.id, { countryCode: "TN", phone: "+21620123456", fullName: "Moved Person" })).status).toBe(200);
      const after = UsersStatsSchema.parse((await ctx.http.request("GET", "/api/v1/users/stats", { token: ctx.adminToken })).body);
      expect(count(after, "MA")).toBe(count(before, "MA") - 1);
      expect(count(after, "TN")).toBe(count(before, "TN") + 1);
      expect(after.total).toBe(before.total);

      const [entry] = (await auditOf("user.updated")).filter((e) => e.target?.id === user.id);
      expect(entry?.details).toEqual({ fields: ["fullName", "countryCode", "phone"] });
      expect(entry?.actor?.email).toBe("admin@moien.test");
      expect(JSON.stringify(entry)).not.toMatch(/Moved Person|21620123456/);
    });
  });

  describe("POST /api/v1/users/me/password", () => {
    it("should need the current password, keep the token that asked, and end every other one", async () => {
      const { user, token, registration } = await registeredUser(ctx.http);
      const other = (await ctx.http.login(registration.email, registration.password)).body.accessToken;
      const change = (body: unknown, as = token) => ctx.http.request("POST", "/api/v1/users/me/password", { body, token: as });

      expectProblem(await change({ currentPassword: "wrong-password", newPassword: "brand-new-secret" }), 401);
      expectProblem(await change({ currentPassword: registration.password, newPassword: "short" }), 400);
      expect((await change({ currentPassword: registration.password, newPassword: "brand-new-secret" })).status).toBe(204);

      expect((await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token })).status).toBe(200);
      expectProblem(await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token: other }), 401);
      expectProblem(await ctx.http.login(registration.email, registration.password), 401);
      expect((await ctx.http.login(registration.email, "brand-new-secret")).status).toBe(200);
      // Twice with the same token: it still holds.
      expect((await change({ currentPassword: "brand-new-secret", newPassword: "third-secret-1" })).status).toBe(204);
      expect((await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token })).status).toBe(200);

      expectProblem(await change({ currentPassword: "x", newPassword: "whatever-123" }, ctx.adminToken), 403);
      const [entry] = (await auditOf("user.password_changed")).filter((e) => e.target?.id === user.id);
      expect(entry).toMatchObject({ actor: null, details: {} });
    });
  });

  describe("suspension", () => {
    it("should refuse sign-in and every token at once, send users.suspended without the reason, and list it", async () => {
      const socket = await connectedAdmin(ctx.app.url, ctx.adminToken);
      const { user, token, registration } = await registeredUser(ctx.http);
      const recorder = recordEvents(socket);
      const until = new Date(Date.now() + 3_600_000).toISOString();
      const answer = await suspend(user.id, { reason: "Chargeback fraud wave", until });
      expect(answer.status).toBe(200);
      const suspension = SuspensionSchema.parse(answer.body);
      expect(suspension).toMatchObject({ userId: user.id, reason: "Chargeback fraud wave", until });

      expectProblem(await ctx.http.request("GET", `/api/v1/users/${user.id}`, { token }), 401);
      const refused = expectProblem(await ctx.http.login(registration.email, registration.password), 403);
      expect(refused.type).toMatch(/account-suspended$/);
      // A wrong password says nothing of the suspension.
      expectProblem(await ctx.http.login(registration.email, "not-the-password"), 401);

      await recorder.waitFor(1);
      expect(recorder.events).toEqual([{ name: "users.suspended", payload: { id: user.id, until } }]);
      const listed = SuspensionsPageSchema.parse(
        (await ctx.http.request("GET", "/api/v1/users/suspensions", { token: ctx.adminToken })).body,
      );
      expect(listed.items[0]).toEqual(suspension);
      const [entry] = (await auditOf("user.suspended")).filter((e) => e.target?.id === user.id);
      expect(JSON.stringify(entry)).not.toContain("Chargeback");

      // Suspending again replaces it; reinstating lets the user in again.
      const again = SuspensionSchema.parse((await suspend(user.id, {})).body);
      expect(again).toMatchObject({ reason: null, until: null });
      expect((await reinstate(user.id)).status).toBe(204);
      expectProblem(await reinstate(user.id), 404);
      expect((await ctx.http.login(registration.email, registration.password)).status).toBe(200);
      await recorder.waitFor(3);
      expect(recorder.events.map((e) => e.name)).toEqual(["users.suspended", "users.suspended", "users.reinstated"]);
    });

    it("should validate the body and refuse a registered user, an unknown id and a past until", async () => {
      const { user, token } = await registeredUser(ctx.http);
      expectProblem(await suspend(user.id, {}, token), 403);
      expectProblem(await suspend("00000000-0000-4000-8000-000000000000"), 404);
      expect(expectProblem(await suspend(user.id, { until: "2020-01-01T00:00:00Z" }), 400).errors?.[0]?.field).toBe("until");
      const bad = expectProblem(await suspend(user.id, { reason: "x".repeat(501), until: "tomorrow" }), 400);
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(["reason", "until"]);
      expectProblem(await ctx.http.request("GET", "/api/v1/users/suspensions?cursor=bm9wZQ", { token: ctx.adminToken }), 400);
    });

    it("should lapse by itself at until with users.reinstated", async () => {
      const socket = await connectedAdmin(ctx.app.url, ctx.adminToken);
      const { user, registration } = await registeredUser(ctx.http);
      const recorder = recordEvents(socket);
      await suspend(user.id, { until: new Date(Date.now() + 1_500).toISOString() });
      await recorder.waitFor(2, 15_000);
      expect(recorder.events.map((e) => e.name)).toEqual(["users.suspended", "users.reinstated"]);
      expect((await ctx.http.login(registration.email, registration.password)).status).toBe(200);
      const [entry] = (await auditOf("user.reinstated")).filter((e) => e.target?.id === user.id);
      expect(entry).toMatchObject({ actor: null, details: { via: "lapse" } });
    }, 30_000);

    it("should leave no suspension, reason included, once a suspended user is erased", async () => {
      const { user } = await registeredUser(ctx.http);
      await suspend(user.id, { reason: "Erase me later" });
      expect((await ctx.http.request("DELETE", `/api/v1/users/${user.id}`, { token: ctx.adminToken })).status).toBe(204);
      const listed = SuspensionsPageSchema.parse(
        (await ctx.http.request("GET", "/api/v1/users/suspensions", { token: ctx.adminToken })).body,
      );
      expect(listed.items.map((s) => s.userId)).not.toContain(user.id);
      expect(JSON.stringify(listed)).not.toContain("Erase me later");
    });
  });
});
