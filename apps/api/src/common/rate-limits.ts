import { Inject, Injectable, Optional } from "@nestjs/common";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from "rate-limiter-flexible";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { REDIS, type RedisHandle } from "../realtime/redis";
import { RateLimitedError } from "./app-errors";

export type Bucket = "register" | "login";

type Limiter = RateLimiterMemory | RateLimiterRedis | RLWrapperTimeouts;

const FAILURE_WINDOW_SECONDS = 15 * 60;
const FREE_FAILURES = 5;
const MAX_BLOCK_SECONDS = 15 * 60;
// Failures on one account from every address together before unknown addresses are refused.
export const ACCOUNT_FAILURE_CEILING = 100;
// An address that signed in to an account within this stays welcome when the account is under attack.
const KNOWN_ADDRESS_SECONDS = 24 * 60 * 60;
// A Redis that does not answer within this is treated as away: the in-memory limiter decides.
const REDIS_TIMEOUT_MS = 100;

/**
 * Every rate limit of the node. With Redis the counters are shared by the cluster and fall back
 * to per-node memory at once while Redis is away or slow (a request never waits for Redis to return);
 * without it they live in this process.
 */
@Injectable()
export class RateLimits {
  private readonly perMinute: Record<Bucket, Limiter | null>;
  private readonly loginFailures: Limiter | null;
  private readonly loginBlocks: Limiter | null;
  private readonly accountFailures: Limiter | null;
  private readonly knownAddresses: Limiter | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(REDIS) redis: RedisHandle | null) {
    const window = config.rateLimit.windowSeconds;
    const make = (keyPrefix: string, points: number, duration: number): Limiter | null => {
      if (points <= 0) return null;
      const options = { keyPrefix: `${config.redisKeyPrefix}:rl:${keyPrefix}`, points, duration };
      if (!redis) return new RateLimiterMemory(options);
      const insuranceLimiter = new RateLimiterMemory(options);
      // rejectIfRedisNotReady: while disconnected node-redis would queue the command until Redis returns.
      const shared = new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      });
      // A connection that looks ready but does not answer (a partition, a stalled Redis) fails over too.
      return new RLWrapperTimeouts({ limiter: shared, timeoutMs: REDIS_TIMEOUT_MS, insuranceLimiter });
    };
    this.perMinute = {
      register: make("register", config.rateLimit.register, window),
      login: make("login", config.rateLimit.login, window),
    };
    const loginOn = config.rateLimit.login > 0;
    this.loginFailures = loginOn ? make("login-failures", 1_000_000, FAILURE_WINDOW_SECONDS) : null;
    this.loginBlocks = loginOn ? make("login-blocks", 1, MAX_BLOCK_SECONDS) : null;
    this.accountFailures = loginOn ? make("login-account-failures", 1_000_000, FAILURE_WINDOW_SECONDS) : null;
    this.knownAddresses = loginOn ? make("login-known", 1, KNOWN_ADDRESS_SECONDS) : null;
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

  /**
   * @throws RateLimitedError while this address is blocked on this account after repeated failures,
   * or while the account as a whole is over its failure ceiling and this address has not signed in
   * to it recently (so an attacker elsewhere cannot lock its owner out).
   */
  async assertLoginNotBlocked(account: string, address: string): Promise<void> {
    const pair = pairKey(account, address);
    const blocked = await this.loginBlocks?.get(pair);
    if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) throw toRateLimited(blocked);
    const total = await this.accountFailures?.get(account);
    if (!total || total.consumedPoints < ACCOUNT_FAILURE_CEILING || total.msBeforeNext <= 0) return;
    if (await this.knownAddresses?.get(pair)) return;
    throw toRateLimited(total);
  }

  /**
   * Credential stuffing: after 5 failures within 15 minutes from one address on one account, each
   * further failure blocks that pair for twice as long as the last (1 s, 2 s, 4 s, … up to 15 minutes).
   * Every failure also counts towards the account's ceiling.
   */
  async recordLoginFailure(account: string, address: string): Promise<void> {
    if (!this.loginFailures || !this.loginBlocks) return;
    const pair = pairKey(account, address);
    await this.accountFailures?.consume(account);
    const failures = (await this.loginFailures.consume(pair)).consumedPoints;
    if (failures >= FREE_FAILURES) await this.loginBlocks.block(pair, Math.min(2 ** (failures - FREE_FAILURES), MAX_BLOCK_SECONDS));
  }

  async recordLoginSuccess(account: string, address: string): Promise<void> {
    const pair = pairKey(account, address);
    await Promise.all([
      this.loginFailures?.delete(pair),
      this.loginBlocks?.delete(pair),
      this.knownAddresses?.set(pair, 1, KNOWN_ADDRESS_SECONDS),
    ]);
  }
}

const pairKey = (account: string, address: string) => `${account}|ip:${address}`;

function toRateLimited(error: unknown): RateLimitedError {
  if (!(error instanceof RateLimiterRes)) throw error;
  return new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
}
