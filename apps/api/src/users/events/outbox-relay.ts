import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from "@nestjs/common";
import { usersEventSchemas } from "@moien/contracts";
import type { UserEventRow } from "../../database/schema";
import { describeError } from "../../common/error-chain";
import { withTimeout } from "../../common/with-timeout";
import type { AppConfig } from "../../config/config";
import { APP_CONFIG } from "../../config/config.module";
import { expiryCutoffMs, type RecoveryWindow } from "../../config/recovery-window";
import { MetricsService } from "../../metrics/metrics.service";
import { REDIS, type RedisHandle } from "../../realtime/redis";
import type { CommittedEvent } from "./outbox";
import { OutboxRepository } from "./outbox.repository";
import { type RelayedEvent, USERS_BROADCASTER, type UsersBroadcaster } from "./users-broadcaster";

const BATCH = 500;
// Rows of a node that died after its commit (or whose hand-off failed) are picked up within this.
const POLL_MS = 500;
const PUBLISH_TIMEOUT_MS = 2_000;

/**
 * Moves committed events from the outbox to the sockets, at least once; each node's sockets get each
 * event once (realtime/once-per-event.ts).
 * - The hand-off: a commit on this node gives its events here at once (`handOff`, in commit order),
 *   and they go to the broadcaster with nothing read back; the rows are marked published afterwards,
 *   in batches.
 * - The pass, every POLL_MS: the rows still unpublished, in id order, one pass at a time across the
 *   cluster (the relay lock): what a node that died after its commit, a failed hand-off or a Redis
 *   outage left behind.
 * With Redis away, each node delivers to its own sockets and the pass publishes the rows to the
 * cluster once Redis is back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("OutboxRelay");
  private started = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private passWanted = false;
  private handedOff: number[] = [];
  // Rows this node is handing off or has handed off and not yet marked: the pass leaves them alone.
  // Without this a pass starting between a commit and its mark published the event a second time
  // (each node's sockets dropped the repeat, but Redis carried it twice: the in-process suite saw it).
  private readonly inFlight = new Set<number>();
  private localCursor = 0;
  private lastFailureLog = 0;
  private lastPrune = 0;
  // Published rows (full PublicUsers) are kept no longer than a recovering client could need them.
  private readonly recoveryWindow: RecoveryWindow;

  constructor(
    private readonly events: OutboxRepository,
    @Inject(USERS_BROADCASTER) private readonly broadcaster: UsersBroadcaster,
    private readonly metrics: MetricsService,
    @Optional() @Inject(REDIS) private readonly redis: RedisHandle | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.recoveryWindow = config.recoveryWindow;
    metrics.onScrape(metrics.outboxLag, () => events.oldestPendingAgeSeconds());
  }

  /** Starts once the sockets are served (Nest initialises gateways before the bootstrap hook). */
  onApplicationBootstrap(): void {
    this.started = true;
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  /**
   * A commit's events, in commit order, straight to the sockets. Resolves once the cluster has them
   * (Redis acknowledged them), or once they are left to the pass: before the start, after the final
   * pass, with Redis away, or when the publication failed (the row stays unpublished). Never rejects.
   */
  handOff(events: readonly CommittedEvent[]): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve();
    // Redis away: the pass delivers to this node's sockets from the table, and publishes later.
    if (this.redis && !this.redis.isReady()) {
      this.nudge();
      return Promise.resolve();
    }
    const ids = events.map((event) => event.id);
    for (const id of ids) this.inFlight.add(id);
    const stopTimer = this.metrics.handOffDuration.startTimer();
    const sent = events.map((event) => this.publish(event));
    stopTimer();
    return Promise.all(sent).then(
      () => {
        this.handedOff.push(...ids);
        this.run();
      },
      (error: unknown) => {
        // Left to the pass, which publishes the rows again (each node drops a repeat).
        this.release(ids);
        this.logFailure(error);
      },
    );
  }

  /** Asks for a pass now; passes never overlap, and a nudge during one causes another. */
  nudge(): void {
    this.passWanted = true;
    this.run();
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
      await this.broadcaster.settled();
    }
    this.stopped = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.finalPass();
  }

  private run(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.markHandedOff();
        if (this.passWanted) {
          this.passWanted = false;
          await this.pass();
        }
      } catch (error) {
        this.logFailure(error);
      }
    } while (this.again);
  }

  // One statement for every hand-off since the last; if it fails, the pass publishes them again
  // (and each node drops the repeat).
  private async markHandedOff(): Promise<void> {
    if (this.handedOff.length === 0) return;
    const ids = this.handedOff;
    this.handedOff = [];
    try {
      await this.events.markPublished(ids);
    } finally {
      this.release(ids);
    }
  }

  private release(ids: readonly number[]): void {
    for (const id of ids) this.inFlight.delete(id);
  }

  private async pass(): Promise<void> {
    if (this.redis && !this.redis.isReady()) return this.deliverPendingLocally();
    let more: boolean;
    do {
      more = await this.events.withRelayLock(async (tx) => {
        const rows = await this.events.oldestPending(tx, BATCH);
        const due = rows.filter((row) => !this.inFlight.has(row.id));
        for (const row of due) await this.publish(toEvent(row));
        await this.events.markPublished(
          due.map((row) => row.id),
          tx,
        );
        // A full batch of this node's own hand-offs waits for their mark (next in this drain loop).
        return rows.length === BATCH && due.length > 0;
      });
    } while (more);
    // Twice per expiry interval: with passes every POLL_MS at most, no published row outlives the window.
    if (Date.now() - this.lastPrune >= this.recoveryWindow.expiryIntervalMs / 2) {
      this.lastPrune = Date.now();
      await this.events.prunePublishedBefore(new Date(expiryCutoffMs(this.recoveryWindow)));
    }
  }

  private async publish(event: RelayedEvent): Promise<void> {
    const stopTimer = this.metrics.fanOutDuration.startTimer();
    await withTimeout(this.broadcaster.publish(event), PUBLISH_TIMEOUT_MS, "publish");
    stopTimer();
    this.metrics.eventsEmitted.inc({ event: event.name });
  }

  private async deliverPendingLocally(): Promise<void> {
    const rows = await this.events.pendingAfter(this.localCursor, BATCH);
    for (const row of rows) {
      this.broadcaster.deliverLocally(toEvent(row));
      this.metrics.eventsEmitted.inc({ event: row.name });
      this.localCursor = row.id;
    }
    if (rows.length === BATCH) this.nudge();
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
