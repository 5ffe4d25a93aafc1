import { describe, expect, it } from "vitest";
import { createUsersClient, UsersApiError } from "./http";

const user = {
  id: "6f1c2a9e-1b7d-4c1e-9a52-0d3c0f9e8b71",
  fullName: "Ahmed Mohamed Ali",
  countryCode: "LU",
  countryName: "Luxembourg",
  phone: "+352691234567",
  email: "user@example.com",
  createdAt: "2026-02-01T12:00:00.000Z",
};

function fakeFetch(status: number, body: unknown, calls: { url: string; init?: RequestInit }[] = []): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
}

describe("createUsersClient", () => {
  it("should send the bearer token and parse the page when listing users", async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const client = createUsersClient("http://api.test/", {
      token: "t0k",
      fetch: fakeFetch(200, { items: [user], nextCursor: null }, calls),
    });
    const page = await client.listUsers({ limit: 10, q: "ahmed" });
    expect(page.items[0]).toEqual(user);
    expect(calls[0]!.url).toBe("http://api.test/api/v1/users?limit=10&q=ahmed");
    expect((calls[0]!.init!.headers as Record<string, string>).authorization).toBe("Bearer t0k");
  });

  it("should throw UsersApiError carrying the problem document when the server refuses", async () => {
    const problem = {
      type: "https://moien.delivery/problems/conflict",
      title: "Already registered",
      status: 409,
      detail: "This email is already registered.",
    };
    const client = createUsersClient("http://api.test", { fetch: fakeFetch(409, problem) });
    const error = await client.register({ ...user, password: "correct-horse-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsersApiError);
    expect((error as UsersApiError).problem).toEqual(problem);
  });

  it("should throw when a response does not match the contract", async () => {
    const client = createUsersClient("http://api.test", { fetch: fakeFetch(200, { ...user, extra: true }) });
    await expect(client.getUser(user.id)).rejects.toThrow();
  });
});
