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
 * client when TRUST_PROXY names the proxy); 0 turns one off. Login is also refused while this
 * address is blocked on the account, or the account is over its failure ceiling (see RateLimits).
 * No per-account count here: anyone could spend an account's budget and lock its owner out.
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
    if (account) await this.limits.assertLoginNotBlocked(account, request.ip);
    await this.limits.consumeOrThrow(bucket, keys);
    return true;
  }
}

export const RateLimit = (bucket: Bucket) => applyDecorators(SetMetadata(BUCKET, bucket), UseGuards(RateLimitGuard));
