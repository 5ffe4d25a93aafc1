import { Client, type ClientBase, type ClientConfig } from "pg";

/** The channel migration 0010's triggers notify with an operator's account id when what their token may do changes. */
export const IDENTITY_CHANNEL = "identity_changed";

export type NotificationListener = {
  /** A notification on `IDENTITY_CHANNEL`, with its payload. */
  changed(payload: string): void;
  /** Whether notifications are arriving: while not, a change may go unseen, and nothing may be trusted to be fresh. */
  liveChanged(live: boolean): void;
};

// Reconnecting the listener: soon after a blip, then no more often than this.
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * The database's notifications on `IDENTITY_CHANNEL`, and whether they are arriving right now.
 *
 * Every pool connection listens (`attach`, the pool's `onConnect`): PostgreSQL delivers a session's own
 * notifications before the `ReadyForQuery` of the commit that made them, so a node sees its own
 * changes before the write's promise settles. Liveness comes from one connection that never goes back
 * to a pool: the embedded store's single connection, or on PostgreSQL a dedicated listener (`listenOn`),
 * which also hears the other nodes' changes and reconnects by itself.
 */
export class Notifications {
  private readonly listeners = new Set<NotificationListener>();
  private isLive = false;
  private starter: (() => void) | undefined;

  get live(): boolean {
    return this.isLive;
  }

  /** Starts listening with the first subscriber (commands that only open the database never connect one). */
  subscribe(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    const start = this.starter;
    this.starter = undefined;
    start?.();
    return () => this.listeners.delete(listener);
  }

  /** Routes this connection's notifications here and listens on it; call before the connection runs anything else. */
  async attach(client: ClientBase): Promise<void> {
    client.on("notification", (message) => {
      if (message.channel === IDENTITY_CHANNEL) for (const listener of this.listeners) listener.changed(message.payload ?? "");
    });
    await client.query(`LISTEN ${IDENTITY_CHANNEL}`);
  }

  /** The connection liveness is read from: live once it listens, not live from the moment it errors or ends. */
  async attachLiveness(client: ClientBase): Promise<void> {
    const lost = () => this.setLive(false);
    client.once("error", lost);
    client.once("end", lost);
    await this.attach(client);
    this.setLive(true);
  }

  /**
   * On PostgreSQL: a connection of its own that listens for as long as the node runs, reconnecting
   * after a loss. Started by the first `subscribe`. Returns how to stop it.
   */
  listenOn(config: ClientConfig): () => Promise<void> {
    let client: Client | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let delay = RETRY_MIN_MS;
    const connect = async () => {
      timer = undefined;
      if (stopped) return;
      const next = new Client({ ...config, application_name: `moien-identity-listener/${process.pid}` });
      next.on("error", () => undefined);
      next.once("end", () => {
        if (client === next) client = undefined;
        if (!stopped) retry();
      });
      try {
        await next.connect();
        client = next;
        await this.attachLiveness(next);
        delay = RETRY_MIN_MS;
      } catch {
        this.setLive(false);
        await next.end().catch(() => undefined);
        retry();
      }
    };
    const retry = () => {
      if (timer || stopped) return;
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    };
    this.starter = () => void connect();
    return async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      this.setLive(false);
      await client?.end().catch(() => undefined);
    };
  }

  private setLive(live: boolean): void {
    if (this.isLive === live) return;
    this.isLive = live;
    for (const listener of this.listeners) listener.liveChanged(live);
  }
}
