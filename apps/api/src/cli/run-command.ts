import { ConfigError } from "../config/config";
import { DataDirInUseError } from "../database/data-dir-lock";
import { StoreFilesError } from "../database/store-files";

/** A command that cannot do what was asked, for a reason its message says in full (no stack printed). */
export class CommandError extends Error {}

/**
 * Runs a command's `main` and exits with its code: 0 done, 1 could not run, 2 wrong arguments.
 * Expected start failures (configuration, a DATA_DIR in use) print one line; anything else its stack.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        error instanceof ConfigError ||
          error instanceof DataDirInUseError ||
          error instanceof CommandError ||
          error instanceof StoreFilesError
          ? error.message
          : error,
      );
      process.exit(1);
    },
  );
}

/** Prints what was wrong and the usage; returns the exit code for wrong arguments. */
export function usageError(message: string, help: string): number {
  console.error(`${message}\n\n${help}`);
  return 2;
}

/**
 * A command's arguments (`parse` is its `parseArgs(…).values`, with a `help` flag), or the exit code
 * when they cannot be parsed (2, with the usage) or `--help` was asked (0, the usage printed).
 */
export function parseCommandArgs<T extends { help?: boolean }>(help: string, parse: () => T): T | number {
  let args: T;
  try {
    args = parse();
  } catch (error) {
    return usageError((error as Error).message, help);
  }
  if (!args.help) return args;
  console.log(help);
  return 0;
}
