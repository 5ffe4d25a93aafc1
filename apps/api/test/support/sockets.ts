import { USERS_NAMESPACE, type UsersServerToClientEvents } from "@moien/contracts";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";

export type UsersClientSocket = Socket<UsersServerToClientEvents, Record<string, never>>;

const opened: UsersClientSocket[] = [];

/** A `/users` socket, not yet connected; closed by `closeAllSockets`. */
export function usersSocket(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): UsersClientSocket {
  const socket: UsersClientSocket = io(url + USERS_NAMESPACE, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    autoConnect: false,
    ...options,
  });
  opened.push(socket);
  return socket;
}

/** Connects and resolves once connected; rejects with the `connect_error`. */
export function connect(socket: UsersClientSocket, timeoutMs = 5_000): Promise<UsersClientSocket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("connect timed out")), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // A handshake the server drops (for instance one over the frame size limit) closes the transport.
    // ("forced close" is the client closing itself, which it also does right before a connect_error.)
    socket.io.on("close", (reason) => {
      if (reason === "forced close") return;
      clearTimeout(timer);
      reject(new Error(`transport closed: ${reason}`));
    });
    socket.connect();
  });
}

export async function connectedAdmin(url: string, token: string, options: Partial<ManagerOptions & SocketOptions> = {}) {
  return connect(usersSocket(url, { auth: { token }, ...options }));
}

/** The message of the handshake's `connect_error`. */
export async function handshakeError(socket: UsersClientSocket): Promise<string> {
  try {
    await connect(socket);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the handshake was accepted");
}

/** Records every server event of a socket in arrival order. */
export function recordEvents(socket: UsersClientSocket) {
  const events: { name: string; payload: unknown }[] = [];
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  return {
    events,
    of: <T = unknown>(name: string) => events.filter((e) => e.name === name).map((e) => e.payload as T),
    async waitFor(count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) await sleep(10);
      return events;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function closeAllSockets(): void {
  for (const socket of opened.splice(0)) socket.disconnect();
}

/** Waits `ms`, then fails if the recorder holds more than the `count` events expected: a named wait, not a bare sleep. */
export async function expectNoMoreEvents(recorder: { events: unknown[] }, count: number, ms = 500): Promise<void> {
  await sleep(ms);
  if (recorder.events.length !== count) {
    throw new Error(`expected no more than ${count} events, got ${recorder.events.length}: ${JSON.stringify(recorder.events)}`);
  }
}
