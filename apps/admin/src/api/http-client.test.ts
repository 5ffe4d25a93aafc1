import { UsersPageSchema } from "@moien/contracts";
import { describe, expect, it, vi } from "vitest";
import { makeUser } from "../test/factories";
import { ApiError, ContractMismatchError, NetworkError } from "./api-error";
import { createHttpClient } from "./http-client";
import { createUsersApi } from "./users-api";

const problem = (status: number, detail = "nope") =>
  new Response(JSON.stringify({ type: "about:blank", title: "Error", status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

function setup(respond: (request: Request) => Response | Promise<Response>) {
  const onUnauthorized = vi.fn();
  const requests: Request[] = [];
  const http = createHttpClient({
    baseUrl: "http://api.test",
    getToken: () => "secret",
    onUnauthorized,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return respond(request);
    },
  });
  return { http, api: createUsersApi(http), onUnauthorized, requests };
}

describe("http client", () => {
  it("should send the bearer token and parse the page when the users are listed", async () => {
    const page = { items: [makeUser()], nextCursor: "next" };
    const { api, requests } = setup(() => Response.json(page));

    await expect(api.listUsers({ limit: 50, cursor: "abc", q: "ahmed ali" })).resolves.toEqual(page);
    expect(requests[0]?.url).toBe("http://api.test/api/v1/users?limit=50&cursor=abc&q=ahmed+ali");
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer secret");
  });

  it("should throw an ApiError carrying the problem when the server refuses", async () => {
    const { http } = setup(() => problem(403, "admins only"));

    const error = await http.request("/x", { schema: UsersPageSchema }).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, problem: { detail: "admins only" } });
  });

  it("should end the session when an authenticated request gets 401", async () => {
    const { http, onUnauthorized } = setup(() => problem(401));

    await expect(http.request("/x")).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("should not end a session when a login attempt gets 401", async () => {
    const { api, onUnauthorized, requests } = setup(() => problem(401));

    await expect(api.login({ email: "a@b.c", password: "x" })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(requests[0]?.headers.get("authorization")).toBeNull();
  });

  it("should reject with a contract error when a 2xx body does not match the schema", async () => {
    const { api } = setup(() => Response.json({ items: [{ id: 1 }], nextCursor: null }));

    await expect(api.listUsers({})).rejects.toBeInstanceOf(ContractMismatchError);
  });

  it("should reject with a network error when the server cannot be reached", async () => {
    const { api } = setup(() => Promise.reject(new TypeError("fetch failed")));

    await expect(api.listUsers({})).rejects.toBeInstanceOf(NetworkError);
  });

  it("should synthesize a problem when an error answer has no problem document", async () => {
    const { http } = setup(() => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));

    await expect(http.request("/x")).rejects.toMatchObject({ status: 502, problem: { title: "Bad Gateway" } });
  });
});

describe("deleteUser", () => {
  it("should resolve when the user is already gone", async () => {
    const { api, requests } = setup(() => problem(404));

    await expect(api.deleteUser("0f0e0d0c-0000-4000-8000-000000000001")).resolves.toBeUndefined();
    expect(requests[0]?.method).toBe("DELETE");
  });

  it("should reject when the server fails", async () => {
    const { api } = setup(() => problem(500));

    await expect(api.deleteUser("0f0e0d0c-0000-4000-8000-000000000001")).rejects.toMatchObject({ status: 500 });
  });
});
