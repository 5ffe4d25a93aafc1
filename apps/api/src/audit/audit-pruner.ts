import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { AuditService } from "./audit.service";

const MAX_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Prunes the audit log at start and then hourly (or every retention period when that is shorter, so
 * a short AUDIT_RETENTION is honoured). Every node of a cluster prunes; the delete is idempotent.
 */
@Injectable()
export class AuditPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger("Audit");
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = Math.min(MAX_INTERVAL_MS, this.config.audit.retentionSeconds * 1000);
    this.timer = setInterval(() => this.prune(), interval);
    // The timer must not keep a stopping process alive.
    this.timer.unref();
    this.prune();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private prune(): void {
    if (this.running) return;
    this.running = this.audit
      .pruneExpired()
      .then((count) => void (count > 0 && this.logger.log(`pruned ${count} audit entries older than AUDIT_RETENTION`)))
      // The database may be away for a while; the next tick tries again.
      .catch((error: unknown) => this.logger.warn(`audit pruning failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
  }
}
