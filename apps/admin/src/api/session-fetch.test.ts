import { createUsersClient, UsersApiError } from "@moien/contracts/client";
import { describe, expect, it, vi } from "vitest";
import { makeUser } from "../test/factories";
import { problemResponse } from "../test/fake-server";
import { createSessionFetch, NetworkError } from "./session-fetch";

function setup(respond: (request: Request) => Response | Promise<Response>, token: string | null = "secret") {
  const onUnauthorized = vi.fn();
  const requests: Request[] = [];
  const fetch = createSessionFetch({
    onUnauthorized,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return respond(request);
    },
  });
  return { api: createUsersClient("http://api.test", { token: () => token ?? undefined, fetch }), onUnauthorized, requests };
}

describe("the dashboard's client (contracts client over the session fetch)", () => {
  it("should send the bearer token and the filters when the users are listed", async () => {
    const page = { items: [makeUser()], nextCursor: null };
    const { api, requests } = setup(() => Response.json(page));

    await expect(api.listUsers({ limit: 50, q: "ahmed ali", country: "LU", order: "newest" })).resolves.toEqual(page);
    expect(requests[0]?.url).toBe("http://api.test/api/v1/users?limit=50&q=ahmed+ali&country=LU&order=newest");
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer secret");
  });

  it("should end the session when an authenticated request gets 401", async () => {
    const { api, onUnauthorized } = setup(() => problemResponse(401, "expired"));

    await expect(api.usersStats()).rejects.toBeInstanceOf(UsersApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("should not end a session when a sign-in without a token gets 401", async () => {
    const { api, onUnauthorized, requests } = setup(() => problemResponse(401, "wrong"), null);

    await expect(api.login("a@b.c", "x")).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(requests[0]?.headers.get("authorization")).toBeNull();
  });

  it("should carry the problem document when the server refuses", async () => {
    const { api } = setup(() => problemResponse(429, "Too many exports", { "retry-after": "30" }));

    await expect(api.exportUsers({})).rejects.toMatchObject({ status: 429, problem: { detail: "Too many exports" } });
  });

  it("should reject with a network error when the server cannot be reached", async () => {
    const { api } = setup(() => Promise.reject(new TypeError("fetch failed")));

    await expect(api.countUsers({})).rejects.toBeInstanceOf(NetworkError);
  });
});
