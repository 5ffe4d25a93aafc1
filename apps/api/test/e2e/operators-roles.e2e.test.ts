import { can, isOperatorRole, type Role, type RouteSpec, type UsersApiRouteName, usersApiRoutes } from "@moien/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, useAppOn } from "../support/backends";
import { registeredUser } from "../support/factories";
import { createOperator, firstSignIn } from "../support/operators";
import { closeAllSockets, handshakeError, usersSocket, connect } from "../support/sockets";

type Caller = Role | "anonymous";
const CALLERS: Caller[] = ["anonymous", "user", "viewer", "support", "admin"];
const NO_ONE = "00000000-0000-4000-8000-000000000000";

/** Whether the contract's table lets this caller through (the `{id}` is never the caller's own). */
function allowed(caller: Caller, route: RouteSpec): boolean {
  if (caller === "anonymous") return false;
  if (route.auth === "user") return caller === "user";
  if (route.auth === "operator") return isOperatorRole(caller);
  return can(caller, route.auth as Parameters<typeof can>[1]);
}

// Contract, "Operators": the role table enforced on every route and on the /users namespace, for each role,
// a registered user and no token at all. Each call is one a caller may legitimately make, so an allowed
// caller gets an answer that is neither 401 nor 403, and the others get exactly 401 / 403.
describe.each(BACKENDS)("the role matrix on %s storage", (backend) => {
  const ctx = useAppOn(backend);
  const credentials = new Map<Caller, { email: string; password: string }>();
  let throwaway: string;

  beforeAll(async () => {
    credentials.set("admin", ctx.app.admin);
    for (const role of ["viewer", "support"] as const) {
      const created = await createOperator(ctx.http, ctx.adminToken, role);
      const signedIn = await firstSignIn(ctx.http, created.email, created.oneTimePassword, false);
      credentials.set(role, { email: created.email, password: signedIn.password });
    }
    const user = await registeredUser(ctx.http);
    credentials.set("user", { email: user.registration.email, password: user.registration.password });
    throwaway = (await createOperator(ctx.http, ctx.adminToken, "viewer")).id;
  });

  /** A fresh token (a fresh session for an operator): sign-out and the like only end their own. */
  const tokenOf = async (caller: Caller): Promise<string | undefined> => {
    const who = credentials.get(caller);
    if (!who) return undefined;
    const login = await ctx.http.login(who.email, who.password);
    if (!login.body.accessToken) throw new Error(`${caller} could not sign in: ${login.text}`);
    return login.body.accessToken;
  };

  /** A request each route answers without 401/403 when the caller may pass. */
  const requestFor = async (name: UsersApiRouteName, caller: Caller): Promise<{ method: string; path: string; body?: unknown }> => {
    const freshUser = async () => (await registeredUser(ctx.http)).user.id;
    const other = async () => (await registeredUser(ctx.http)).user.id;
    switch (name) {
      case "mfaStepUp":
        return { method: "POST", path: "/api/v1/auth/mfa/step-up", body: { code: "000000" } };
      case "endMySession":
        return { method: "DELETE", path: `/api/v1/auth/sessions/${NO_ONE}` };
      case "changeOperatorPassword":
        return { method: "POST", path: "/api/v1/auth/password", body: { currentPassword: "not-it", newPassword: "whatever-12345" } };
      case "createOperator":
        return { method: "POST", path: "/api/v1/operators", body: { email: `matrix.${caller}.${Date.now()}@moien.test`, role: "viewer" } };
      case "updateOperator":
        return { method: "PATCH", path: `/api/v1/operators/${throwaway}`, body: {} };
      case "resetOperatorFactors":
        return { method: "POST", path: `/api/v1/operators/${throwaway}/mfa-reset` };
      case "endOperatorSessions":
        return { method: "DELETE", path: `/api/v1/operators/${throwaway}/sessions` };
      case "getUser":
        return { method: "GET", path: `/api/v1/users/${await other()}` };
      case "updateUser":
        return { method: "PATCH", path: `/api/v1/users/${await other()}`, body: {} };
      case "deleteUser":
        return { method: "DELETE", path: `/api/v1/users/${await freshUser()}` };
      case "suspendUser":
        return { method: "PUT", path: `/api/v1/users/${await freshUser()}/suspension`, body: {} };
      case "reinstateUser":
        return { method: "DELETE", path: `/api/v1/users/${await freshUser()}/suspension` };
      case "changePassword": {
        const who = credentials.get("user");
        return { method: "POST", path: "/api/v1/users/me/password", body: { currentPassword: who?.password, newPassword: who?.password } };
      }
      default: {
        const route = usersApiRoutes[name] as RouteSpec;
        return { method: route.method, path: route.path };
      }
    }
  };

  const guarded = (Object.entries(usersApiRoutes) as [UsersApiRouteName, RouteSpec][]).filter(([, route]) => route.auth !== "none");

  it.each(guarded)("should let only the roles the contract names through %s", async (name, route) => {
    for (const caller of CALLERS) {
      const request = await requestFor(name, caller);
      const response = await ctx.http.request(request.method, request.path, { token: await tokenOf(caller), body: request.body });
      if (caller === "anonymous") expect(response.status, `${name} anonymous`).toBe(401);
      else if (allowed(caller, route)) expect([401, 403], `${name} ${caller}: ${response.text}`).not.toContain(response.status);
      else {
        expect(response.status, `${name} ${caller}`).toBe(403);
        expect(response.headers.get("content-type")).toMatch(/problem\+json/);
      }
    }
  });

  it("should admit every operator role to the /users namespace, refuse a registered user (forbidden) and no token (unauthorized)", async () => {
    try {
      for (const caller of CALLERS) {
        const token = await tokenOf(caller);
        const socket = usersSocket(ctx.app.url, token ? { auth: { token } } : {});
        if (caller === "anonymous") expect(await handshakeError(socket)).toBe("unauthorized");
        else if (caller === "user") expect(await handshakeError(socket)).toBe("forbidden");
        else expect((await connect(socket)).connected).toBe(true);
      }
    } finally {
      closeAllSockets();
    }
  });
});
