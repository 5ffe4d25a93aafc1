import { can, type Permission, usersSocketErrors } from "@moien/contracts";
import type { Socket } from "socket.io";
import { UnauthorizedError } from "../common/app-errors";
import { bearerToken } from "./auth.guard";
import type { AuthService } from "./auth.service";
import type { Principal } from "./principal";
import { tokenFromCookieHeader } from "./sessions/session-cookie";

/** The handshake's token: `auth.token`, else an `Authorization: Bearer` header, else the console's session cookie. */
export function handshakeToken(socket: Pick<Socket, "handshake">): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === "string") return fromAuth;
  return bearerToken(socket.handshake.headers.authorization) ?? tokenFromCookieHeader(socket.handshake.headers.cookie);
}

/**
 * The principal of a handshake whose role has `permission`; otherwise the contract's `connect_error`
 * message as an Error: `unauthorized` (no valid token or session), `forbidden` (the role), `unavailable`
 * (the token could not be checked: retry).
 */
export async function admitOrThrow(
  auth: AuthService,
  token: string | undefined,
  permission: Permission,
  onCheckFailed: (error: unknown) => void,
): Promise<Principal> {
  let principal: Principal;
  try {
    principal = await auth.verifyAccessTokenOrThrow(token);
  } catch (error) {
    if (error instanceof UnauthorizedError) throw new Error(usersSocketErrors.unauthorized);
    onCheckFailed(error);
    throw new Error(usersSocketErrors.unavailable);
  }
  if (!can(principal.role, permission)) throw new Error(usersSocketErrors.forbidden);
  return principal;
}
