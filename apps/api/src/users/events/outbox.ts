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

/**
 * The one way to write a change together with its event. `transaction` runs the work in one
 * database transaction; after the commit it announces the events to its listeners, in commit order
 * (commit-order.ts), so no caller has to remember to. The relay hears them through the one line
 * `UsersModule` wires; its poll of the table is the safety net for what no announcement carried.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger("Outbox");
  private readonly listeners: ((events: CommittedEvent[]) => void)[] = [];
  private readonly order = new CommitOrder<CommittedEvent>();

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
    this.announce(this.order.ended(bounds, written));
    return result;
  }

  /**
   * A change written with its event by one statement that commits on its own (a data-modifying CTE:
   * one round trip where a transaction takes several). `write` resolves to the event it committed,
   * or null when it wrote nothing.
   */
  async statement(write: () => Promise<CommittedEvent | null>): Promise<CommittedEvent | null> {
    const bound = this.order.openedStatement();
    let event: CommittedEvent | null = null;
    try {
      event = await write();
      return event;
    } finally {
      this.announce(this.order.ended([bound], event ? [event] : []));
    }
  }

  /** Called with the events of each commit that recorded some, in commit order. */
  onCommitted(listener: (events: CommittedEvent[]) => void): void {
    this.listeners.push(listener);
  }

  // The change has committed whatever a listener does: its failure is logged, never the request's.
  private announce(events: CommittedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.warn(`a commit listener failed: ${describeError(error)}`);
      }
    }
  }
}
