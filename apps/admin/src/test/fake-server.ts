import type { LoginResponse, PublicUser } from "@moien/contracts";

type Handler = (request: Request) => Response | Promise<Response>;

export const problemResponse = (status: number, detail: string) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Error", status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

/** A fetch stand-in answering the dashboard's REST calls from an in-memory users list. */
export function fakeServer(users: PublicUser[]) {
  const requests: Request[] = [];
  let deleteHandler: Handler = () => new Response(null, { status: 204 });
  let loginHandler: Handler = () =>
    Response.json({ accessToken: "token", tokenType: "Bearer", expiresIn: 3600, role: "admin" } satisfies LoginResponse);

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/auth/login") return loginHandler(request);
    if (request.method === "DELETE") return deleteHandler(request);
    if (url.pathname === "/api/v1/users") return Response.json({ items: users, nextCursor: null });
    return problemResponse(404, "not found");
  };

  return {
    fetch,
    requests,
    onDelete(handler: Handler) {
      deleteHandler = handler;
    },
    onLogin(handler: Handler) {
      loginHandler = handler;
    },
  };
}
