import { Logger } from "@nestjs/common";
import { createClient } from "redis";
import { withTimeout } from "../common/with-timeout";

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The node's Redis connection: reconnects by itself; commands wait while it is away (the offline
 * queue stays on: the adapter's stream reader duplicates this client and would spin without it).
 * Callers that must not wait check `isReady()` first, as the rate limiter does.
 */
export type RedisHandle = {
  client: RedisClient;
  isReady(): boolean;
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
};

export const REDIS = Symbol("REDIS");

export function openRedis(url: string): RedisHandle {
  const logger = new Logger("Redis");
  const client = createClient({
    url,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000) },
  });
  let lastError = 0;
  client.on("error", (error: Error) => {
    // The client retries on its own; one line every 10 s is enough to tell the operator.
    if (Date.now() - lastError > 10_000) logger.warn(`Redis unavailable: ${error.message}`);
    lastError = Date.now();
  });
  client.on("ready", () => {
    if (lastError) logger.log("Redis connection restored");
  });
  void client.connect().catch(() => undefined);
  return {
    client,
    isReady: () => client.isReady,
    ping: async (timeoutMs) => {
      if (!client.isReady) return false;
      return withTimeout(client.ping(), timeoutMs, "redis ping").then(
        () => true,
        () => false,
      );
    },
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
}
