import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata, UseGuards, applyDecorators } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { FastifyRequest } from "fastify";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { RateLimitedError } from "./app-errors";

type Bucket = "register" | "login";
const BUCKET = "rate-limit:bucket";

/**
 * Per-minute limits per client address (and, for login, per account too), from
 * RATE_LIMIT_REGISTER and RATE_LIMIT_LOGIN; 0 turns a limit off.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiters: Record<Bucket, RateLimiterMemory | null>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    const make = (points: number, keyPrefix: string) => (points > 0 ? new RateLimiterMemory({ points, duration: 60, keyPrefix }) : null);
    this.limiters = { register: make(config.rateLimit.registerPerMinute, "register"), login: make(config.rateLimit.loginPerMinute, "login") };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<Bucket>(BUCKET, context.getHandler());
    const limiter = this.limiters[bucket];
    if (!limiter) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const keys = [`ip:${request.ip}`];
    const email = (request.body as { email?: unknown } | undefined)?.email;
    if (bucket === "login" && typeof email === "string") keys.push(`account:${email.trim().toLowerCase().slice(0, 254)}`);
    try {
      for (const key of keys) await limiter.consume(key);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
  }
}

export const RateLimit = (bucket: Bucket) => applyDecorators(SetMetadata(BUCKET, bucket), UseGuards(RateLimitGuard));
