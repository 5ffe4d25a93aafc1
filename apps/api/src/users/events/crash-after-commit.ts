import type { Provider } from "@nestjs/common";
import { Outbox } from "./outbox";

/**
 * Test-only fault (TEST_FAULT=crash-after-commit, NODE_ENV=test): the process dies in the window
 * between a commit and its broadcast, so tests can prove the outbox delivers it anyway.
 */
export const crashAfterCommit: Provider = {
  provide: "CRASH_AFTER_COMMIT",
  inject: [Outbox],
  useFactory: (outbox: Outbox) => outbox.onCommitted(() => process.kill(process.pid, "SIGKILL")),
};
