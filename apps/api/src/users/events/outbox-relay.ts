import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from "@nestjs/common";
import { usersEventSchemas } from "@moien/contracts";
import type { UserEventRow } from "../../database/schema";
import { describeError } from "../../common/error-chain";
import { withTimeout } from "../../common/with-timeout";
import type { AppConfig } from "../../config/config";
import { APP_CONFIG } from "../../config/config.module";
import { MetricsService } from "../../metrics/metrics.service";
import { REDIS, type RedisHandle } from "../../realtime/redis";
import { expiryCutoffMs, expiryIntervalMs } from "../../realtime/recovery-window";
import { Outbox } from "./outbox";
import { OutboxRepository } from "./outbox.repository";
import { type RelayedEvent, USERS_BROADCASTER, type UsersBroadcaster } from "./users-broadcaster";

const BATCH = 500;
// Rows of a node that died after its commit are picked up by the others within this.
const POLL_MS = 500;
const PUBLISH_TIMEOUT_MS = 2_000;

/**
 * Moves committed events from the outbox to the sockets, in id order, at least once.
 * With Redis, one pass at a time across the cluster publishes through the adapter to every node.
 * With Redis away, each node delivers the pending rows to its own sockets and the cluster pass
 * publishes them again once Redis is back (clients de-duplicate by id).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("OutboxRelay");
  private started = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private localCursor = 0;
  private lastFailureLog = 0;
  private lastPrune = 0;
  // Published rows (full PublicUsers) are kept no longer than a recovering client could need them.
  private readonly keepPublishedMs: number;

  constructor(
    outbox: Outbox,
    private readonly events: OutboxRepository,
    @Inject(USERS_BROADCASTER) private readonly broadcaster: UsersBroadcaster,
    private readonly metrics: MetricsService,
    @Optional() @Inject(REDIS) private readonly redis: RedisHandle | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keepPublishedMs = config.recoveryWindowMs;
    outbox.onCommitted(() => this.nudge());
    metrics.onScrape(metrics.outboxLag, () => events.oldestPendingAgeSeconds());
  }

  /** Starts once the sockets are served (Nest initialises gateways before the bootstrap hook). */
  onApplicationBootstrap(): void {
    this.started = true;
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a pass now; passes never overlap, and a nudge during one causes another. */
  nudge(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  /**
   * Graceful shutdown, once HTTP has closed (no request can commit any more) and before the sockets
   * close: stops polling, lets a running pass end, delivers what is still pending, and refuses any
   * later nudge. Idempotent.
   */
  async finalPass(): Promise<void> {
    if (this.stopped) return;
    clearInterval(this.timer);
    await this.running;
    if (this.started) {
      // Through nudge, so a nudge arriving meanwhile joins this pass instead of starting another.
      this.nudge();
      await this.running;
    }
    this.stopped = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.finalPass();
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.logFailure(error);
      }
    } while (this.again);
  }

  private async pass(): Promise<void> {
    if (this.redis && !this.redis.isReady()) return this.deliverLocally();
    let published: number;
    do published = await this.events.publishPending(BATCH, (rows) => this.broadcast(rows));
    while (published === BATCH);
    // Twice per expiry interval: with passes every POLL_MS at most, no published row outlives the window.
    if (Date.now() - this.lastPrune >= expiryIntervalMs(this.keepPublishedMs) / 2) {
      this.lastPrune = Date.now();
      await this.events.prunePublishedBefore(new Date(expiryCutoffMs(this.keepPublishedMs)));
    }
  }

  private async broadcast(rows: UserEventRow[]): Promise<void> {
    for (const row of rows) {
      const stopTimer = this.metrics.fanOutDuration.startTimer();
      await withTimeout(this.broadcaster.publish(toEvent(row)), PUBLISH_TIMEOUT_MS, "publish");
      stopTimer();
      this.metrics.eventsEmitted.inc({ event: row.name });
    }
  }

  private async deliverLocally(): Promise<void> {
    const rows = await this.events.pendingAfter(this.localCursor, BATCH);
    for (const row of rows) {
      this.broadcaster.deliverLocally(toEvent(row));
      this.metrics.eventsEmitted.inc({ event: row.name });
      this.localCursor = row.id;
    }
    if (rows.length === BATCH) this.again = true;
  }

  private logFailure(error: unknown): void {
    if (Date.now() - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = Date.now();
    // The class and code only: a driver's message can carry the query's parameters (personal data).
    this.logger.warn(`relay pass failed, will retry: ${describeError(error)}`);
  }
}

// jsonb does not keep key order; parsing restores the contract's order and checks the shape.
function toEvent(row: UserEventRow): RelayedEvent {
  return { id: row.id, name: row.name, payload: usersEventSchemas[row.name].parse(row.payload) };
}
