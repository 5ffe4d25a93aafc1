import "reflect-metadata";
import { Logger } from "@nestjs/common";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config/config";
import { DataDirInUseError } from "./database/data-dir-lock";

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === "object" && address ? address.port : config.port;
  new Logger("Main").log(`Moien users service listening on http://${config.host}:${port} (dashboard /, API /api/v1, socket /users)`);
}

main().catch((error: unknown) => {
  // Expected start failures get one clear line; anything else keeps its stack for the operator.
  if (error instanceof ConfigError || error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
