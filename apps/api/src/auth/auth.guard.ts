import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { Role } from "@moien/contracts";
import type { FastifyRequest } from "fastify";
import { ForbiddenError, UnauthorizedError } from "../common/app-errors";
import { AuthService } from "./auth.service";
import type { Principal } from "./principal";

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const ROLES = "auth:roles";

export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match?.[1];
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.auth.verifyAccessTokenOrThrow(bearerToken(request.headers.authorization));
    const roles = this.reflector.get<Role[] | undefined>(ROLES, context.getHandler());
    if (roles && !roles.includes(principal.role)) throw new ForbiddenError("This needs an administrator account.");
    request.principal = principal;
    return true;
  }
}

/** Requires a valid bearer token; with roles, one of them. */
export const Authenticated = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles.length > 0 ? roles : undefined), UseGuards(AuthGuard));

/** The principal set by `AuthGuard`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only reachable behind @Authenticated(), whose guard sets it.
  if (!principal) throw new UnauthorizedError("Sign in first.");
  return principal;
});
