import { Inject, Injectable } from "@nestjs/common";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import type { Transaction } from "../../database/transaction";
import { OutboxRepository, type PendingEvent } from "./outbox.repository";

/** Adds an event to the transaction it is given to: it commits or rolls back with the change. */
export type RecordEvent = (event: PendingEvent) => Promise<void>;

/**
 * The one way to write a change together with its event. `transaction` runs the work in one
 * database transaction; after the commit it tells its listeners (the relay) by itself, so no caller
 * has to remember to.
 */
@Injectable()
export class Outbox {
  private readonly listeners: (() => void)[] = [];

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly events: OutboxRepository,
  ) {}

  async transaction<T>(work: (tx: Transaction, record: RecordEvent) => Promise<T>): Promise<T> {
    let recorded = 0;
    const result = await this.database.db.transaction((tx) =>
      work(tx, async (event) => {
        await this.events.append(tx, event);
        recorded += 1;
      }),
    );
    if (recorded > 0) for (const listener of this.listeners) listener();
    return result;
  }

  /** Called after each commit that recorded events. */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }
}
