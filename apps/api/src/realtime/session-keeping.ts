import type { Namespace, Server, Socket } from "socket.io";
import { expiryCutoffMs, type RecoveryWindow } from "../config/recovery-window";
import type { RedisHandle } from "./redis";

/**
 * In a cluster: sessions saved while their sockets live, and the stream trimmed by age. Returns a
 * function that stops the timers.
 */
export function keepClusterSessions(server: Server, redis: RedisHandle, streamName: string, window: RecoveryWindow): () => void {
  const timers: NodeJS.Timeout[] = [];
  server.on("new_namespace", (nsp: Namespace) => timers.push(keepSessionsRecoverable(nsp, window)));
  timers.push(trimStreamByAge(redis, streamName, window));
  return () => timers.forEach(clearInterval);
}

/**
 * Socket.IO saves a session when its socket disconnects; a node killed outright saves nothing.
 * Saving it on connect, and again before it expires, lets the client recover on another node.
 * Nothing of the socket's data is kept: the handshake middleware runs again on recovery.
 */
function keepSessionsRecoverable(nsp: Namespace, window: RecoveryWindow): NodeJS.Timeout {
  nsp.on("connection", persistSession);
  const timer = setInterval(() => nsp.sockets.forEach(persistSession), window.windowMs / 2);
  timer.unref();
  return timer;
}

function persistSession(socket: Socket): void {
  const { pid } = socket as unknown as { pid?: string }; // reason: the private session id Socket.IO itself persists on disconnect
  if (!pid) return;
  socket.nsp.adapter.persistSession({ sid: socket.id, pid, rooms: [...socket.rooms], data: {} });
}

/**
 * maxLen alone keeps the last 10,000 packets however old (personal data, at low traffic, for ever):
 * packets older than the recovery window serve no client and are removed.
 */
function trimStreamByAge(redis: RedisHandle, streamName: string, window: RecoveryWindow): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (!redis.isReady()) return;
    // Entry ids are their creation times in ms: nothing older than the window survives a pass.
    redis.client.xTrim(streamName, "MINID", `${expiryCutoffMs(window)}-0`).catch(() => undefined);
  }, window.expiryIntervalMs);
  timer.unref();
  return timer;
}
