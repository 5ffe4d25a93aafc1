import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from "@nestjs/common";
import { isOperatorRole } from "@moien/contracts";
import { DATABASE } from "../database/database.module";
import type { DatabaseHandle } from "../database/database";
import { MetricsService } from "../metrics/metrics.service";
import type { AccountIdentity } from "./accounts.repository";

// Operators and their open sessions are few; the bound only stops a pathological growth.
const MAX_ACCOUNTS = 10_000;

/**
 * This node's memory of operators' identities (account, role, token version, disabled, factor, the
 * session a token names), so a request does not read three tables before it starts.
 *
 * It is only as fresh as the database's notifications (migration 0010) make it:
 * - every change that can end or narrow a token notifies the operator's account id at commit, and
 *   the entries of that account go;
 * - while notifications do not arrive (the listener lost, reconnecting), nothing is kept or served
 *   from memory, and once they arrive again the memory starts empty: a change made meanwhile is
 *   never missed;
 * - a read from the database that was in flight while any change arrived is not kept (it may
 *   predate the change), only returned;
 * - an entry that would refuse a token is never trusted: the caller's `accept` decides, and a refused
 *   entry is read again (another node may have kept the session active since this one cached it).
 * Registered users' identities are never kept: their rows notify nothing.
 */
@Injectable()
export class IdentityCache implements OnModuleInit, OnModuleDestroy {
  private readonly accounts = new Map<string, Map<string, AccountIdentity>>();
  private generation = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    // Absent in the commands (npm run admin), which check no tokens. The explicit token: a `| null`
    // type is emitted as Object, which Nest cannot resolve, so the metrics were silently never counted.
    @Optional() @Inject(MetricsService) private readonly metrics: MetricsService | null,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.database.notifications.subscribe({
      changed: (accountId) => this.forget(accountId),
      liveChanged: (live) => {
        this.forgetAll();
        this.metrics?.identityCacheLive.set(live ? 1 : 0);
      },
    });
    this.metrics?.identityCacheLive.set(this.database.notifications.live ? 1 : 0);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The kept identity if `accept` takes it; else `load`'s, kept when it is an operator's and nothing changed meanwhile. */
  async find(
    id: string,
    sessionId: string | null,
    accept: (identity: AccountIdentity) => boolean,
    load: () => Promise<AccountIdentity | undefined>,
  ): Promise<AccountIdentity | undefined> {
    const kept = this.accounts.get(id)?.get(sessionId ?? "");
    if (kept && accept(kept)) {
      this.metrics?.identityLookups.inc({ source: "cache" });
      return kept;
    }
    const generation = this.generation;
    const identity = await load();
    this.metrics?.identityLookups.inc({ source: "database" });
    if (identity && isOperatorRole(identity.role) && generation === this.generation && this.database.notifications.live) {
      this.keep(id, sessionId ?? "", identity);
    } else if (kept) {
      this.accounts.get(id)?.delete(sessionId ?? "");
    }
    return identity;
  }

  /** Every kept entry of the account goes, and reads in flight are not kept. */
  forget(accountId: string): void {
    this.generation++;
    this.accounts.delete(accountId);
  }

  private forgetAll(): void {
    this.generation++;
    this.accounts.clear();
  }

  private keep(id: string, sessionKey: string, identity: AccountIdentity): void {
    let sessions = this.accounts.get(id);
    if (!sessions) {
      // The oldest account goes first (a Map iterates in insertion order).
      if (this.accounts.size >= MAX_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value as string);
      sessions = new Map();
      this.accounts.set(id, sessions);
    }
    sessions.set(sessionKey, identity);
  }
}
