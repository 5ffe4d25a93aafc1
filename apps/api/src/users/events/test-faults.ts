import { Inject, Injectable } from "@nestjs/common";
import type { AppConfig } from "../../config/config";
import { APP_CONFIG } from "../../config/config.module";
import { Outbox } from "./outbox";

/**
 * The faults the e2e tests inject (TEST_FAULT, which the config allows only with NODE_ENV=test):
 * `crash-after-commit` kills the process between a commit and its broadcast (the outbox must deliver
 * it anyway); `slow-register` holds a registration before its commit (to shut down meanwhile).
 * Without TEST_FAULT every method here does nothing.
 */
@Injectable()
export class TestFaults {
  private readonly slowRegister: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig, outbox: Outbox) {
    this.slowRegister = config.env === "test" && config.testFault === "slow-register";
    if (config.env === "test" && config.testFault === "crash-after-commit") outbox.onCommitted(() => process.kill(process.pid, "SIGKILL"));
  }

  async beforeRegisterCommit(): Promise<void> {
    if (this.slowRegister) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
