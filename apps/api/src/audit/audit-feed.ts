import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { AUDIT_NAMESPACE, type AuditServerToClientEvents } from "@moien/contracts";
import type { Namespace } from "socket.io";
import type { Principal } from "../auth/principal";
import { describeError } from "../common/error-chain";
import { SocketServerRef } from "../realtime/socket-server-ref";
import { toAuditEntry } from "./audit-entry.mapper";
import { AuditRepository } from "./audit.repository";

export type AuditNamespace = Namespace<Record<string, never>, AuditServerToClientEvents, Record<string, never>, { principal: Principal }>;

const POLL_MS = 500;
// Entries are numbered when written, not when committed: a slower transaction can commit a lower id
// after a higher one was sent. Each pass reads this far back and sends what it has not sent yet.
const LOOK_BACK_SECONDS = 15;

/**
 * Pushes each audit entry to the node's `/audit` sockets after its commit. Every audited action writes
 * its entry in its own transaction (sign-ins, exports, operators, users), so rather than route them all
 * through the users outbox, each node reads the log itself — only while an admin watches — and sends
 * each committed entry once (an id it sent is remembered for the look-back window). The latency is at
 * most one poll (500 ms), which an audit page can afford; nodes need no Redis for it.
 */
@Injectable()
export class AuditFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("AuditFeed");
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly sent = new Map<number, number>(); // id → when sent (ms)
  private lastFailureLog = 0;

  constructor(
    private readonly server: SocketServerRef,
    private readonly audit: AuditRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pass(), POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async pass(): Promise<void> {
    const nsp = this.server.namespace(AUDIT_NAMESPACE) as AuditNamespace | undefined;
    if (this.running || !nsp || nsp.sockets.size === 0) return;
    this.running = true;
    try {
      const rows = await this.audit.listRecent(LOOK_BACK_SECONDS);
      const now = Date.now();
      for (const row of rows) {
        if (this.sent.has(row.id)) continue;
        this.sent.set(row.id, now);
        // Each node serves its own sockets from the shared log: never through the cluster adapter.
        nsp.local.emit("audit.created", toAuditEntry(row));
      }
      for (const [id, at] of this.sent) if (now - at > (LOOK_BACK_SECONDS + 5) * 1000) this.sent.delete(id);
    } catch (error) {
      if (Date.now() - this.lastFailureLog > 10_000) {
        this.lastFailureLog = Date.now();
        this.logger.warn(`audit feed pass failed, will retry: ${describeError(error)}`);
      }
    } finally {
      this.running = false;
    }
  }
}
