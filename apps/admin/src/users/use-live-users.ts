import type { PublicUser } from "@moien/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServices } from "../app/services";
import { createLiveFigures, type LiveFigures } from "../stats/live-figures";
import type { ViewQuery } from "./filters/view-filters";
import { createFrameBatcher, type FrameBatcher } from "./frame-batcher";
import { applyEventsToCache, replayOntoFetchedPages } from "./live-cache";
import type { LiveRegistry } from "./live-registry";
import { useNewUserSignals } from "./use-new-user-signals";
import { useUsersSocket, type ConnectionStatus } from "./use-users-socket";
import type { UserEvent } from "./users-data";
import { userQueryKey } from "./user-query";
import { resyncUsers } from "./users-query";

export type LiveUsers = ReturnType<typeof useNewUserSignals> & { connection: ConnectionStatus };

/** Keeps the cached users pages, the statistics and the counts in step with the `/users` socket, one cache write per frame. */
export function useLiveUsers(token: string, view: ViewQuery, registry: LiveRegistry): LiveUsers {
  const { api, baseUrl, session } = useServices();
  const client = useQueryClient();
  const signals = useNewUserSignals();
  const viewRef = useRef(view);
  viewRef.current = view;
  const batcher = useRef<FrameBatcher<UserEvent> | null>(null);
  const figures = useRef<LiveFigures | null>(null);
  const { signal } = signals;

  useEffect(() => {
    const { recentlyDeleted, replay } = registry;
    const live = createLiveFigures(client);
    figures.current = live;
    batcher.current = createFrameBatcher<UserEvent>((events) => {
      replay.remember(events);
      signal(applyEventsToCache(client, events, recentlyDeleted, viewRef.current));
      live.apply(events);
      for (const event of events) {
        // An open details panel says its user is gone.
        if (event.name === "users.deleted" && client.getQueryData(userQueryKey(event.payload.id)) !== undefined) {
          client.setQueryData<PublicUser | null>(userQueryKey(event.payload.id), null);
        }
      }
    });
    const stopReplay = replayOntoFetchedPages(client, replay, recentlyDeleted);
    return () => {
      stopReplay();
      live.dispose();
      figures.current = null;
      batcher.current?.dispose();
      batcher.current = null;
    };
  }, [client, registry, signal]);

  const connection = useUsersSocket(baseUrl, token, {
    onEvent: (event) => batcher.current?.push(event),
    onResync: () => {
      const isDeleted = (id: string) => registry.recentlyDeleted.has(id);
      // A failed reload leaves the cache as it was; the next reconnect tries again.
      resyncUsers(client, api, viewRef.current, isDeleted).catch(() => undefined);
      figures.current?.reload();
    },
    onRejected: (reason) => (reason === "forbidden" ? session.signOut("forbidden") : session.expire()),
  });

  return { ...signals, connection };
}
