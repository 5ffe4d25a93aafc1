import {
  CountUsersQuerySchema,
  userMatchesFilters,
  type AuditEntry,
  type CurrentSession,
  type LoginResponse,
  type PublicUser,
  type UsersStats,
} from "@moien/contracts";

import { aCurrentSession } from "./factories";

type Handler = (request: Request) => Response | Promise<Response>;

export const problemResponse = (status: number, detail: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Error", status, detail }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });

const DAY = 86_400_000;

/** The statistics of a users list, as the server computes them (UTC days, the last 30, today last). */
export function statsOf(users: readonly PublicUser[], now = Date.now()): UsersStats {
  const today = Math.floor(now / DAY) * DAY;
  const perDay = Array.from({ length: 30 }, (_, index) => ({
    date: new Date(today - (29 - index) * DAY).toISOString().slice(0, 10),
    count: 0,
  }));
  const byCountry = new Map<string, { countryCode: string; countryName: string; count: number }>();
  for (const user of users) {
    const day = perDay.find((entry) => entry.date === user.createdAt.slice(0, 10));
    if (day) day.count += 1;
    const country = byCountry.get(user.countryCode) ?? { countryCode: user.countryCode, countryName: user.countryName, count: 0 };
    country.count += 1;
    byCountry.set(user.countryCode, country);
  }
  return {
    total: users.length,
    today: perDay[29]?.count ?? 0,
    last7Days: perDay.slice(-7).reduce((sum, day) => sum + day.count, 0),
    perDay,
    byCountry: [...byCountry.values()].sort((a, b) => b.count - a.count),
  };
}

const filtersOf = (url: URL) => CountUsersQuerySchema.parse(Object.fromEntries(url.searchParams));

/** A fetch stand-in answering the dashboard's REST calls from an in-memory users list. */
export function fakeServer(users: PublicUser[], audit: AuditEntry[] = []) {
  const requests: Request[] = [];
  let deleteHandler: Handler = () => new Response(null, { status: 204 });
  let exportHandler: Handler | null = null;
  let loginHandler: Handler = () =>
    Response.json({ accessToken: "token", tokenType: "Bearer", expiresIn: 3600, role: "admin" } satisfies LoginResponse);
  // The session the cookie holds once signed in (the fake has no cookie: it answers after a login).
  let current: CurrentSession | null = null;
  let sessionAfterLogin: CurrentSession = aCurrentSession("admin");

  const matching = (url: URL) => {
    const { limit: _limit, cursor: _cursor, order: _order, ...rest } = Object.fromEntries(url.searchParams);
    const filters = filtersOf(new URL(`http://x/?${new URLSearchParams(rest)}`));
    return users.filter((user) => userMatchesFilters(user, filters));
  };

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === "/api/v1/auth/login") {
      const answer = await loginHandler(request);
      if (answer.ok) current = sessionAfterLogin;
      return answer;
    }
    if (path === "/api/v1/auth/session") return current ? Response.json(current) : problemResponse(401, "No session");
    if (path === "/api/v1/auth/logout") {
      current = null;
      return new Response(null, { status: 204 });
    }
    if (path === "/api/v1/users/suspensions") return Response.json({ items: [], nextCursor: null });
    if (request.method === "DELETE") return deleteHandler(request);
    if (path === "/api/v1/users") return Response.json({ items: matching(url), nextCursor: null });
    if (path === "/api/v1/users/count") return Response.json({ total: matching(url).length });
    if (path === "/api/v1/users/stats") return Response.json(statsOf(users));
    if (path === "/api/v1/users/export/links" && request.method === "POST") {
      if (exportHandler) return exportHandler(request);
      return Response.json({ href: "/api/v1/users/export/download?link=a.signed.link", expiresIn: 60 }, { status: 201 });
    }
    if (path === "/api/v1/audit") {
      const action = url.searchParams.get("action");
      return Response.json({ items: audit.filter((entry) => !action || entry.action === action), nextCursor: null });
    }
    const user = /^\/api\/v1\/users\/([^/]+)$/.exec(path);
    if (user) {
      const found = users.find((candidate) => candidate.id === user[1]);
      return found ? Response.json(found) : problemResponse(404, "No user with this id");
    }
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
    /** Who a successful login signs in (the role decides what the console shows). */
    signsIn(session: CurrentSession) {
      sessionAfterLogin = session;
    },
    onExport(handler: Handler) {
      exportHandler = handler;
    },
  };
}
