import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from "@nestjs/common";
import { type UsersEventName, usersEventSchemas } from "@moien/contracts";
import type { Namespace } from "socket.io";
import type { UserEventRow } from "../database/schema";
import { withTimeout } from "../common/with-timeout";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { MetricsService } from "../metrics/metrics.service";
import { OutboxRepository } from "./outbox.repository";
import { REDIS, type RedisHandle } from "./redis";
import { expiryIntervalMs } from "./socket-io.adapter";

const BATCH = 500;
// Rows of a node that died after its commit are picked up by the others within this.
const POLL_MS = 500;
const PUBLISH_TIMEOUT_MS = 2_000;
// socket.io-parser's PacketType.EVENT
const EVENT_PACKET = 2;

/**
 * Moves committed events from the outbox to the sockets, in id order, at least once.
 * With Redis, one pass at a time across the cluster publishes through the adapter to every node.
 * With Redis away, each node delivers the pending rows to its own sockets and the cluster pass
 * publishes them again once Redis is back (clients de-duplicate by id).
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger("OutboxRelay");
  private nsp?: Namespace;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private localCursor = 0;
  private lastFailureLog = 0;
  private lastPrune = 0;
  private stopped = false;
  // Published rows (full PublicUsers) are kept no longer than a recovering client could need them.
  private readonly keepPublishedMs: number;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly metrics: MetricsService,
    @Optional() @Inject(REDIS) private readonly redis: RedisHandle | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    metrics.onScrape(metrics.outboxLag, () => outbox.oldestPendingAgeSeconds());
    this.keepPublishedMs = config.recoveryWindowMs;
  }

  start(nsp: Namespace): void {
    this.nsp = nsp;
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a pass now; passes never overlap, and a nudge during one causes another. */
  nudge(): void {
    if (!this.nsp || this.stopped) return;
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
    if (this.nsp) {
      // Through nudge, so a nudge arriving meanwhile joins this pass instead of starting another.
      this.nudge();
      await this.running;
    }
    this.stopped = true;
    this.nsp = undefined;
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
    do published = await this.outbox.publishPending(BATCH, (rows) => this.broadcast(rows));
    while (published === BATCH);
    if (Date.now() - this.lastPrune > expiryIntervalMs(this.keepPublishedMs)) {
      this.lastPrune = Date.now();
      await this.outbox.prunePublishedBefore(new Date(Date.now() - this.keepPublishedMs));
    }
  }

  private async broadcast(rows: UserEventRow[]): Promise<void> {
    const nsp = this.nsp!;
    for (const row of rows) {
      const packet = { type: EVENT_PACKET, data: [row.name, toPayload(row)], nsp: nsp.name };
      // The cluster adapter resolves once the event is in the Redis stream; the in-memory one at once.
      const stopTimer = this.metrics.fanOutDuration.startTimer();
      const sent = Promise.resolve(nsp.adapter.broadcast(packet, { rooms: new Set(), except: new Set(), flags: {} }));
      await withTimeout(sent, PUBLISH_TIMEOUT_MS, "publish");
      stopTimer();
      this.metrics.eventsEmitted.inc({ event: row.name });
    }
  }

  private async deliverLocally(): Promise<void> {
    const rows = await this.outbox.pendingAfter(this.localCursor, BATCH);
    for (const row of rows) {
      (this.nsp!.local.emit as (event: string, payload: unknown) => boolean)(row.name, toPayload(row));
      this.metrics.eventsEmitted.inc({ event: row.name });
      this.localCursor = row.id;
    }
    if (rows.length === BATCH) this.again = true;
  }

  private logFailure(error: unknown): void {
    if (Date.now() - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = Date.now();
    this.logger.warn(`relay pass failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// jsonb does not keep key order; parsing restores the contract's order and checks the shape.
function toPayload(row: UserEventRow): unknown {
  return usersEventSchemas[row.name as UsersEventName].parse(row.payload);
}
