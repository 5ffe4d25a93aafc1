import { Inject, Injectable } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { OutboxRelay } from "../realtime/outbox-relay";

/**
 * What the users service tells the realtime side: "a change and its event have committed".
 * The event itself is already in the outbox; the relay takes it from there.
 */
@Injectable()
export class UserEvents {
  private readonly crashAfterCommit: boolean;
  private readonly slowRegister: boolean;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.crashAfterCommit = config.testFault === "crash-after-commit";
    this.slowRegister = config.testFault === "slow-register";
  }

  /** Test-only fault (NODE_ENV=test): hold a registration before its commit, to shut down meanwhile. */
  async beforeRegisterCommit(): Promise<void> {
    if (this.slowRegister) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }

  committed(): void {
    // Test-only fault (NODE_ENV=test): die in the window between the commit and the broadcast.
    if (this.crashAfterCommit) process.kill(process.pid, "SIGKILL");
    this.relay.nudge();
  }
}
