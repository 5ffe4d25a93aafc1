import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { can, isOperatorRole, type Permission } from "@moien/contracts";
import type { FastifyRequest } from "fastify";
import { ForbiddenError, UnauthorizedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { isAllowedOrigin } from "../realtime/origin-policy";
import { AuthService } from "./auth.service";
import type { Principal } from "./principal";
import { tokenFromCookieHeader } from "./sessions/session-cookie";

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Who may pass: anyone signed in (undefined), an operator of any role, a registered user, or the roles with a permission. */
export type Access = Permission | "operator" | "user";

const ACCESS = "auth:access";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match?.[1];
}

/** True when the principal's role may pass `access`. */
export function allows(principal: Principal, access: Access | undefined): boolean {
  if (access === undefined) return true;
  if (access === "operator") return isOperatorRole(principal.role);
  if (access === "user") return principal.role === "user";
  return can(principal.role, access);
}

/**
 * The one place routes are guarded: the token (an `Authorization: Bearer` header, else the console's
 * session cookie), then the role against the contract's permissions. A state-changing request that
 * carries the cookie must come from an allowed origin: the cookie is `SameSite=Strict`, and this is
 * the second lock against cross-site requests.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = bearerToken(request.headers.authorization);
    const token = bearer ?? tokenFromCookieHeader(request.headers.cookie);
    if (!bearer && token && !SAFE_METHODS.has(request.method) && !this.sameSiteRequest(request)) {
      throw new ForbiddenError("A request signed in with the session cookie must come from the console's own origin.");
    }
    const principal = await this.auth.verifyAccessTokenOrThrow(token);
    const access = this.reflector.get<Access | undefined>(ACCESS, context.getHandler());
    if (!allows(principal, access)) throw new ForbiddenError("Your role does not allow this.");
    request.principal = principal;
    return true;
  }

  private sameSiteRequest(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    return typeof origin === "string" && isAllowedOrigin(origin, request.headers.host, this.config.corsOrigins);
  }
}

/** Requires a valid token (or session cookie); with `access`, a role that has it. */
export const Authenticated = (access?: Access) => applyDecorators(SetMetadata(ACCESS, access), UseGuards(AuthGuard));

/** The principal set by `AuthGuard`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only reachable behind @Authenticated(), whose guard sets it.
  if (!principal) throw new UnauthorizedError("Sign in first.");
  return principal;
});
