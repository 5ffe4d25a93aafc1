import { type BeforeApplicationShutdown, Injectable, Logger } from "@nestjs/common";
import { describeError } from "../common/error-chain";
import { type AuditRecord, AuditRepository } from "./audit.repository";

// A write that fails (the database away a moment) is tried again after these pauses, then logged.
const RETRY_DELAYS_MS = [250, 1_000, 4_000];
// The write waits this long (at random) after the answer: begun at once, the insert still competed with
// the answer for the CPU, and on the embedded store's one connection with the request right behind it.
const WRITE_AFTER_MS = { min: 20, max: 200 };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Audit entries whose answer must not wait for them: a failed sign-in of an admin, whose wait made an
 * operator's email answer a few milliseconds later than any other and so told who the operators are.
 * The write starts a moment after the answer, is retried, and the shutdown waits for it.
 */
@Injectable()
export class DeferredAudit implements BeforeApplicationShutdown {
  private readonly logger = new Logger("Audit");
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly audit: AuditRepository) {}

  recordLater(entry: AuditRecord): void {
    const write = this.write(entry).finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Every entry handed over so far, written (or given up on and logged). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.flush();
  }

  private async write(entry: AuditRecord): Promise<void> {
    await pause(WRITE_AFTER_MS.min + Math.random() * (WRITE_AFTER_MS.max - WRITE_AFTER_MS.min));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.audit.recordAlone(entry);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error(`audit entry ${entry.action} not written: ${describeError(error)}`);
          return;
        }
        await pause(delay);
      }
    }
  }
}
