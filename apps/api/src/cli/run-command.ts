import { ConfigError } from "../config/config";
import { DataDirInUseError } from "../database/data-dir-lock";

/**
 * Runs a command's `main` and exits with its code: 0 done, 1 could not run, 2 wrong arguments.
 * Expected start failures (configuration, a DATA_DIR in use) print one line; anything else its stack.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
      process.exit(1);
    },
  );
}
