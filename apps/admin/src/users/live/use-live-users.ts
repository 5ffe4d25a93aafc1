import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServices } from "../../app/services";
import type { ViewQuery } from "../filters/view-filters";
import type { LiveRegistry } from "./live-registry";
import { LiveUsersSync } from "./live-users-sync";
import { useNewUserSignals } from "./use-new-user-signals";
import { useUsersSocket, type ConnectionStatus } from "./use-users-socket";

export type LiveUsers = ReturnType<typeof useNewUserSignals> & { connection: ConnectionStatus };

/** The `/users` socket (transport) wired to the session's `LiveUsersSync` (the live state's one owner). */
export function useLiveUsers(sessionId: string, view: ViewQuery, registry: LiveRegistry): LiveUsers {
  const { api, baseUrl, session } = useServices();
  const client = useQueryClient();
  const signals = useNewUserSignals();
  const viewRef = useRef(view);
  viewRef.current = view;
  const sync = useRef<LiveUsersSync | null>(null);
  const { signal } = signals;

  useEffect(() => {
    const live = new LiveUsersSync(client, registry, { view: () => viewRef.current, signal });
    sync.current = live;
    return () => {
      live.dispose();
      sync.current = null;
    };
  }, [client, registry, signal]);

  const connection = useUsersSocket(baseUrl, sessionId, {
    onEvent: (event) => sync.current?.push(event),
    onResync: () => sync.current?.resync(api),
    onRejected: (reason) => (reason === "forbidden" ? session.signOut("forbidden") : session.expire()),
  });

  return { ...signals, connection };
}
