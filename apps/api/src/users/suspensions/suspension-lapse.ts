import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { describeError } from "../../common/error-chain";
import { SuspensionsService } from "./suspensions.service";

// The contract: users.reinstated within a minute of `until`. Every node sweeps; row locks keep it once.
const SWEEP_MS = 5_000;
const BATCH = 500;

/** Reinstates suspended users whose `until` has come, by itself. */
@Injectable()
export class SuspensionLapse implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("SuspensionLapse");
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly suspensions: SuspensionsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.suspensions.reinstateLapsed(BATCH)) === BATCH);
    } catch (error) {
      // Database away: the next sweep tries again. The class and code only (no parameters).
      this.logger.warn(`suspension sweep failed, will retry: ${describeError(error)}`);
    } finally {
      this.running = false;
    }
  }
}
