import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards, applyDecorators } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { FastifyRequest } from "fastify";
import { type Bucket, RateLimits } from "./rate-limits";

const BUCKET = "rate-limit:bucket";

/** Login attempts are counted per account too; the key is the email as the server would store it. */
export const accountKey = (email: unknown): string | undefined =>
  typeof email === "string" ? `account:${email.trim().toLowerCase().slice(0, 254)}` : undefined;

/**
 * RATE_LIMIT_REGISTER / RATE_LIMIT_LOGIN per client address (the socket's, or the proxy's
 * client when TRUST_PROXY names the proxy), and for login per account as well; 0 turns one off.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<Bucket>(BUCKET, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const keys = [`ip:${request.ip}`];
    const account = bucket === "login" ? accountKey((request.body as { email?: unknown } | undefined)?.email) : undefined;
    if (account) {
      keys.push(account);
      await this.limits.assertLoginNotBlocked(account);
    }
    await this.limits.consumeOrThrow(bucket, keys);
    return true;
  }
}

export const RateLimit = (bucket: Bucket) => applyDecorators(SetMetadata(BUCKET, bucket), UseGuards(RateLimitGuard));
