import type { FastifyReply, FastifyRequest } from "fastify";

/** The console's session: an `HttpOnly`, `SameSite=Strict` cookie holding the access token. */
export const SESSION_COOKIE = "moien_session";

const TOKEN = /^[A-Za-z0-9._~+/=-]{1,4096}$/;

/** The session cookie's token in a `Cookie` header, if well-formed. */
export function tokenFromCookieHeader(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== SESSION_COOKIE) continue;
    const value = rest.join("=");
    return TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

/** `Secure` when the request came over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = request.protocol === "https" ? "; Secure" : "";
  void reply.header(
    "Set-Cookie",
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`,
  );
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === "https" ? "; Secure" : "";
  void reply.header("Set-Cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
}
