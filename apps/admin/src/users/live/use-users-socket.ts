import { USERS_EVENT_NAMES, usersEventSchemas, usersSocketErrors, type UsersSocketError } from "@moien/contracts";
import { useEffect, useRef, useState } from "react";
import { createUsersSocket } from "../../api/socket-client";
import type { UserEvent } from "../users-data";

export type ConnectionState = "live" | "reconnecting" | "offline";

export type ConnectionStatus = { state: ConnectionState; everConnected: boolean };

export type UsersSocketHandlers = {
  onEvent(event: UserEvent): void;
  /** Connected without replay of missed events (first connect, or the recovery window passed). */
  onResync(): void;
  /** The handshake refused the token. */
  onRejected(reason: UsersSocketError): void;
};

const RETRY_MS = 1_000;
// `too_many_connections`: this token already holds SOCKET_MAX_PER_TOKEN sockets (other tabs); one may close.
const CROWDED_RETRY_MS = 15_000;

const isOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

/** `sessionId`: a new session (another sign-in) gets a new socket; the cookie authenticates it. */
export function useUsersSocket(baseUrl: string, sessionId: string, handlers: UsersSocketHandlers): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>({ state: isOffline() ? "offline" : "reconnecting", everConnected: false });
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    const socket = createUsersSocket(baseUrl);
    let retry: ReturnType<typeof setTimeout> | undefined;
    const setState = (state: ConnectionState) =>
      setStatus((previous) => ({ state, everConnected: previous.everConnected || state === "live" }));
    const notLive = () => setState(isOffline() ? "offline" : "reconnecting");
    // The manager retries transport failures itself; after a refusal or a server kick we ask again.
    const reconnectSoon = (delay = RETRY_MS) => {
      clearTimeout(retry);
      retry = setTimeout(() => {
        if (!socket.connected && !socket.active) socket.connect();
      }, delay);
    };

    socket.on("connect", () => {
      setState("live");
      if (!socket.recovered) handlersRef.current.onResync();
    });
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      notLive();
      // The server drops a socket whose token expired: the next handshake says whether it still holds.
      if (reason === "io server disconnect") reconnectSoon();
    });
    // Each refusal of the contract: no session (sign in again), not an admin (sign out), too many
    // sockets for this token (wait for one to close), the server could not check (retry soon).
    socket.on("connect_error", (error) => {
      switch (error.message) {
        case usersSocketErrors.unauthorized:
        case usersSocketErrors.forbidden:
          handlersRef.current.onRejected(error.message);
          return;
        case usersSocketErrors.tooManyConnections:
          notLive();
          reconnectSoon(CROWDED_RETRY_MS);
          return;
        default: // usersSocketErrors.unavailable, or a transport failure
          notLive();
          if (!socket.active) reconnectSoon();
      }
    });
    socket.io.on("reconnect_attempt", notLive);
    const giveUp = () => setState("offline");
    socket.io.on("reconnect_failed", giveUp);

    // Every event of the contract, parsed with its schema: a new event is one line in the contracts.
    for (const name of USERS_EVENT_NAMES) {
      socket.on(name, (payload: unknown) => {
        const parsed = usersEventSchemas[name].safeParse(payload);
        if (parsed.success) handlersRef.current.onEvent({ name, payload: parsed.data } as UserEvent);
      });
    }

    const goOffline = () => setState("offline");
    const goOnline = () => {
      setState(socket.connected ? "live" : "reconnecting");
      if (!socket.connected && !socket.active) socket.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    socket.connect();

    return () => {
      clearTimeout(retry);
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.io.off("reconnect_attempt", notLive);
      socket.io.off("reconnect_failed", giveUp);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [baseUrl, sessionId]);

  return status;
}
