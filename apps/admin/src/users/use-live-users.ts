import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServices } from "../app/services";
import { createFrameBatcher, type FrameBatcher } from "./frame-batcher";
import { applyEventsToCache, replayOntoFetchedPages } from "./live-cache";
import type { LiveRegistry } from "./live-registry";
import { useNewUserSignals } from "./use-new-user-signals";
import { useUsersSocket, type ConnectionStatus } from "./use-users-socket";
import type { UserEvent } from "./users-data";
import { resyncUsers } from "./users-query";

export type LiveUsers = ReturnType<typeof useNewUserSignals> & { connection: ConnectionStatus };

/** Keeps the cached users pages in step with the `/users` socket, one cache write per frame. */
export function useLiveUsers(token: string, search: string, registry: LiveRegistry): LiveUsers {
  const { api, baseUrl, session } = useServices();
  const client = useQueryClient();
  const signals = useNewUserSignals();
  const searchRef = useRef(search);
  searchRef.current = search;
  const batcher = useRef<FrameBatcher<UserEvent> | null>(null);
  const { signal } = signals;

  useEffect(() => {
    const { recentlyDeleted, replay } = registry;
    batcher.current = createFrameBatcher<UserEvent>((events) => {
      replay.remember(events);
      signal(applyEventsToCache(client, events, recentlyDeleted, searchRef.current));
    });
    const stopReplay = replayOntoFetchedPages(client, replay, recentlyDeleted);
    return () => {
      stopReplay();
      batcher.current?.dispose();
      batcher.current = null;
    };
  }, [client, registry, signal]);

  const connection = useUsersSocket(baseUrl, token, {
    onEvent: (event) => batcher.current?.push(event),
    onResync: () => {
      const isDeleted = (id: string) => registry.recentlyDeleted.has(id);
      // A failed reload leaves the cache as it was; the next reconnect tries again.
      resyncUsers(client, api, searchRef.current, isDeleted).catch(() => undefined);
    },
    onRejected: (reason) => (reason === "forbidden" ? session.signOut("forbidden") : session.expire()),
  });

  return { ...signals, connection };
}
