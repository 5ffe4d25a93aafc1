import { Inject, Injectable } from "@nestjs/common";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "../common/app-errors";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";

/**
 * RATE_LIMIT_EXPORT CSV exports per minute per admin (an export reads every matching row). Counted
 * on each node: across a cluster an admin gets that many per node, still a small bounded number.
 */
@Injectable()
export class ExportRateLimit {
  private readonly limiter: RateLimiterMemory | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const points = config.exportsPerMinute;
    this.limiter = points > 0 ? new RateLimiterMemory({ keyPrefix: `${config.redisKeyPrefix}:rl:export`, points, duration: 60 }) : null;
  }

  /** @throws RateLimitedError (with Retry-After) when this admin has used up the minute's exports. */
  async consumeOrThrow(adminId: string): Promise<void> {
    try {
      await this.limiter?.consume(adminId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
  }

  /** @throws RateLimitedError when this admin has no export left this minute; uses none (a download link's check). */
  async checkOrThrow(adminId: string): Promise<void> {
    const used = await this.limiter?.get(adminId);
    if (used && used.remainingPoints <= 0) throw new RateLimitedError(Math.max(1, Math.ceil(used.msBeforeNext / 1000)));
  }

  /** Gives back the point of an export that could not start. */
  async refund(adminId: string): Promise<void> {
    await this.limiter?.reward(adminId, 1);
  }
}
