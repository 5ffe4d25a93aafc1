import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useServices } from "../app/services";
import { createLiveFigures, type LiveFigures } from "../stats/live-figures";
import type { ViewQuery } from "./filters/view-filters";
import { createFrameBatcher, type FrameBatcher } from "./frame-batcher";
import { applyEventsToCache, applyEventsToOpenPanels, applyEventsToSuspensions, replayOntoFetchedPages } from "./live-cache";
import { suspendedUsersQueryKey } from "./suspensions/suspended-users";
import type { LiveRegistry } from "./live-registry";
import { useNewUserSignals } from "./use-new-user-signals";
import { useUsersSocket, type ConnectionStatus } from "./use-users-socket";
import type { UserEvent } from "./users-data";
import { resyncUsers } from "./users-query";

export type LiveUsers = ReturnType<typeof useNewUserSignals> & { connection: ConnectionStatus };

/** Keeps the cached users pages, the statistics and the counts in step with the `/users` socket, one cache write per frame. */
export function useLiveUsers(sessionId: string, view: ViewQuery, registry: LiveRegistry): LiveUsers {
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
    // One reload of the suspensions list per burst of suspensions (events carry no reason).
    let suspensionsTimer: ReturnType<typeof setTimeout> | undefined;
    const reloadSuspensionsSoon = () => {
      suspensionsTimer ??= setTimeout(() => {
        suspensionsTimer = undefined;
        void client.invalidateQueries({ queryKey: suspendedUsersQueryKey });
      }, 500);
    };
    batcher.current = createFrameBatcher<UserEvent>((events) => {
      replay.remember(events);
      signal(applyEventsToCache(client, events, recentlyDeleted, viewRef.current));
      live.apply(events);
      applyEventsToOpenPanels(client, events);
      applyEventsToSuspensions(client, events, reloadSuspensionsSoon);
    });
    const stopReplay = replayOntoFetchedPages(client, replay, recentlyDeleted);
    return () => {
      clearTimeout(suspensionsTimer);
      stopReplay();
      live.dispose();
      figures.current = null;
      batcher.current?.dispose();
      batcher.current = null;
    };
  }, [client, registry, signal]);

  const connection = useUsersSocket(baseUrl, sessionId, {
    onEvent: (event) => batcher.current?.push(event),
    onResync: () => {
      const isDeleted = (id: string) => registry.recentlyDeleted.has(id);
      // A failed reload leaves the cache as it was; the next reconnect tries again.
      resyncUsers(client, api, viewRef.current, isDeleted).catch(() => undefined);
      figures.current?.reload();
      void client.invalidateQueries({ queryKey: suspendedUsersQueryKey });
    },
    onRejected: (reason) => (reason === "forbidden" ? session.signOut("forbidden") : session.expire()),
  });

  return { ...signals, connection };
}
