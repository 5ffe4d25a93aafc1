import { Inject, Injectable, Logger } from "@nestjs/common";
import { describeError } from "../../common/error-chain";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import type { Transaction } from "../../database/transaction";
import { CommitOrder } from "./commit-order";
import { OutboxRepository, type PendingEvent } from "./outbox.repository";

/** Adds an event to the transaction it is given to: it commits or rolls back with the change. */
export type RecordEvent = (event: PendingEvent) => Promise<void>;

/** An event as its transaction committed it: the outbox row's id, the contract's name and payload. */
export type CommittedEvent = PendingEvent & { id: number };

/** Hears each commit's events; may return a promise of their hand-off, which their writers wait for. */
export type CommitListener = (events: CommittedEvent[]) => Promise<void> | void;

/**
 * The one way to write a change together with its event. `transaction` runs the work in one
 * database transaction; after the commit it announces the events to its listeners, in commit order
 * (commit-order.ts), so no caller has to remember to. The relay hears them through the one line
 * `UsersModule` wires; its poll of the table is the safety net for what no announcement carried.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger("Outbox");
  private readonly listeners: CommitListener[] = [];
  private readonly order = new CommitOrder<CommittedEvent>();
  // Writers waiting for their events' hand-off, by event id (`handedOff`).
  private readonly waiting = new Map<number, (handedOff: Promise<unknown>) => void>();

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly events: OutboxRepository,
  ) {}

  async transaction<T>(work: (tx: Transaction, record: RecordEvent) => Promise<T>): Promise<T> {
    const written: CommittedEvent[] = [];
    const bounds: number[] = [];
    let result: T;
    try {
      result = await this.database.db.transaction((tx) =>
        work(tx, async (event) => {
          const id = await this.events.append(tx, event);
          bounds.push(this.order.opened(id));
          written.push({ ...event, id });
        }),
      );
    } catch (error) {
      this.announce(this.order.ended(bounds, []));
      throw error;
    }
    const handedOff = this.handedOff(written);
    this.announce(this.order.ended(bounds, written));
    await handedOff;
    return result;
  }

  /**
   * A change written with its event by one statement that commits on its own (a data-modifying CTE:
   * one round trip where a transaction takes several). `write` resolves to the event it committed,
   * or null when it wrote nothing.
   */
  async statement<E extends CommittedEvent>(write: () => Promise<E | null>): Promise<E | null> {
    const bound = this.order.openedStatement();
    let event: E | null = null;
    try {
      event = await write();
    } catch (error) {
      this.announce(this.order.ended([bound], []));
      throw error;
    }
    const handedOff = this.handedOff(event ? [event] : []);
    this.announce(this.order.ended([bound], event ? [event] : []));
    await handedOff;
    return event;
  }

  /**
   * Called with the events of each commit that recorded some, in commit order. What the listener
   * returns (the relay: once Redis has the events) is what their writers wait for before answering.
   */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves once these committed events have been handed off: announced (at once, unless the commit
   * order holds one behind a lower id still open) and taken by the listeners. The writer answers its
   * request only then, so whatever a client does with the answer (a deletion on another node) reaches
   * the stream after this event: without the wait, a node descheduled between its answer and its
   * `XADD` let the deletion in first (the cluster suite, under load). Never rejects: the change has
   * committed whatever the hand-off does, and the relay's pass delivers what it did not.
   */
  private handedOff(events: readonly CommittedEvent[]): Promise<unknown> {
    return Promise.all(
      events.map((event) => new Promise<Promise<unknown>>((resolve) => this.waiting.set(event.id, resolve)).then((done) => done)),
    );
  }

  // The change has committed whatever a listener does: its failure is logged, never the request's.
  private announce(events: CommittedEvent[]): void {
    if (events.length === 0) return;
    const taken = this.listeners.map(async (listener) => {
      try {
        await listener(events);
      } catch (error) {
        this.logFailure(error);
      }
    });
    const done = Promise.all(taken);
    for (const event of events) {
      this.waiting.get(event.id)?.(done);
      this.waiting.delete(event.id);
    }
  }

  private logFailure(error: unknown): void {
    this.logger.warn(`a commit listener failed: ${describeError(error)}`);
  }
}
