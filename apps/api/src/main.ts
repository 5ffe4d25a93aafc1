import "reflect-metadata";
import { Logger } from "@nestjs/common";
import { createApp, type RunningApp } from "./app";
import { ConfigError, loadConfig } from "./config/config";
import { DataDirInUseError } from "./database/data-dir-lock";

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await createApp(config);
  await running.app.listen(config.port, config.host);
  const address = running.app.getHttpServer().address();
  const port = typeof address === "object" && address ? address.port : config.port;
  new Logger("Main").log(`Moien users service listening on http://${config.host}:${port} (dashboard /, API /api/v1, socket /users)`);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void shutdown(running, signal));
}

async function shutdown(running: RunningApp, signal: string): Promise<void> {
  const logger = new Logger("Main");
  logger.log(`${signal}: shutting down`);
  // Bounded: a stuck connection must not keep a node from leaving.
  setTimeout(() => {
    logger.error(`shutdown took over ${SHUTDOWN_TIMEOUT_MS} ms; exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  try {
    await running.close();
    process.exit(0);
  } catch (error) {
    logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // Expected start failures get one clear line; anything else keeps its stack for the operator.
  if (error instanceof ConfigError || error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
