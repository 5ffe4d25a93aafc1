type Listener = (...args: unknown[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    this.listeners.get(event)?.forEach((listener) => listener(...args));
  }
}

/** Every FakeSocket made, newest last. */
export const createdSockets: FakeSocket[] = [];

/** Stands in for a socket.io-client Socket on the `/users` namespace: tests play the server. */
export class FakeSocket extends Emitter {
  readonly io = new Emitter();
  connected = false;
  active = false;
  recovered = false;
  connectCalls = 0;

  constructor(
    readonly url: string,
    readonly token: string,
  ) {
    super();
    createdSockets.push(this);
  }

  connect(): this {
    this.connectCalls += 1;
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** The server accepted the handshake. */
  serverConnect(recovered = false): void {
    this.connected = true;
    this.recovered = recovered;
    this.emit("connect");
  }

  serverDrop(reason = "transport close"): void {
    this.connected = false;
    this.emit("disconnect", reason);
    this.io.emit("reconnect_attempt", 1);
  }
}
