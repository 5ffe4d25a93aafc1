import { Inject, Injectable, Optional } from "@nestjs/common";
import { type IRateLimiterStoreOptions, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { REDIS, type RedisHandle } from "../realtime/redis";
import { RateLimitedError } from "./app-errors";

export type Bucket = "register" | "login";

type Limiter = RateLimiterMemory | RateLimiterRedis;

const FAILURE_WINDOW_SECONDS = 15 * 60;
const FREE_FAILURES = 5;
const MAX_BLOCK_SECONDS = 15 * 60;

/**
 * Every rate limit of the node. With Redis the counters are shared by the cluster (and fall back
 * to per-node memory while Redis is away); without it they live in this process.
 */
@Injectable()
export class RateLimits {
  private readonly perMinute: Record<Bucket, Limiter | null>;
  private readonly loginFailures: Limiter | null;
  private readonly loginBlocks: Limiter | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() @Inject(REDIS) redis: RedisHandle | null,
  ) {
    const window = config.rateLimit.windowSeconds;
    const make = (keyPrefix: string, points: number, duration: number): Limiter | null => {
      if (points <= 0) return null;
      const options = { keyPrefix: `${config.redisKeyPrefix}:rl:${keyPrefix}`, points, duration };
      if (!redis) return new RateLimiterMemory(options);
      const insuranceLimiter = new RateLimiterMemory(options);
      return new RateLimiterRedis({ ...options, storeClient: redis.client, useRedisPackage: true, insuranceLimiter } as IRateLimiterStoreOptions);
    };
    this.perMinute = {
      register: make("register", config.rateLimit.registerPerMinute, window),
      login: make("login", config.rateLimit.loginPerMinute, window),
    };
    const loginOn = config.rateLimit.loginPerMinute > 0;
    this.loginFailures = loginOn ? make("login-failures", 1_000_000, FAILURE_WINDOW_SECONDS) : null;
    this.loginBlocks = loginOn ? make("login-blocks", 1, MAX_BLOCK_SECONDS) : null;
  }

  /** @throws RateLimitedError when one of the keys is over its bucket's limit. */
  async consumeOrThrow(bucket: Bucket, keys: string[]): Promise<void> {
    const limiter = this.perMinute[bucket];
    if (!limiter) return;
    try {
      for (const key of keys) await limiter.consume(key);
    } catch (error) {
      throw toRateLimited(error);
    }
  }

  /** @throws RateLimitedError while an account is blocked after repeated failed logins. */
  async assertLoginNotBlocked(account: string): Promise<void> {
    const blocked = await this.loginBlocks?.get(account);
    if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) throw toRateLimited(blocked);
  }

  /**
   * Credential stuffing: after 5 failures within 15 minutes each further failure blocks the
   * account for twice as long as the last (1 s, 2 s, 4 s, … up to 15 minutes).
   */
  async recordLoginFailure(account: string): Promise<void> {
    if (!this.loginFailures || !this.loginBlocks) return;
    const failures = (await this.loginFailures.consume(account)).consumedPoints;
    if (failures >= FREE_FAILURES) await this.loginBlocks.block(account, Math.min(2 ** (failures - FREE_FAILURES), MAX_BLOCK_SECONDS));
  }

  async recordLoginSuccess(account: string): Promise<void> {
    await Promise.all([this.loginFailures?.delete(account), this.loginBlocks?.delete(account)]);
  }
}

function toRateLimited(error: unknown): RateLimitedError {
  if (!(error instanceof RateLimiterRes)) throw error;
  return new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
}
