import type { UsersClient } from "@moien/contracts/client";
import type { QueryClient } from "@tanstack/react-query";
import type { ViewQuery } from "../filters/view-filters";
import { suspendedUsersQueryKey } from "../suspensions/suspended-users";
import type { UserEvent } from "../users-data";
import { resyncUsers } from "../users-query";
import { createFrameBatcher, type FrameBatcher, type FrameScheduler } from "./frame-batcher";
import {
  applyEventsToCache,
  applyEventsToOpenPanels,
  applyEventsToSuspensions,
  replayOntoFetchedPages,
  type ShownChanges,
} from "./live-cache";
import { createLiveFigures, type LiveFigures } from "./live-figures";
import type { LiveRegistry } from "./live-registry";

export type LiveUsersSyncOptions = {
  /** The view the table shows now (filters and order): where a new user goes, or does not. */
  view: () => ViewQuery;
  /** Rows put on top or changed in place, to highlight and announce. */
  signal: (changes: ShownChanges) => void;
  /** When a batch is written: the next animation frame (tests pass their own). */
  scheduler?: FrameScheduler;
};

// One reload of the suspensions list per burst of suspensions (events carry no reason).
const SUSPENSIONS_RELOAD_MS = 500;

/**
 * The one owner of the console's live state for a signed-in session. Socket events come in through
 * `push`, wait for the next frame (one cache write per frame, however many arrived), then `apply`
 * writes them into every cached view of them: the users pages, the open panels, the suspensions, the
 * statistics and counts. A page fetched while events were on the way catches up with them (the
 * replay, wired here); `resync` reloads what a reconnect could not replay.
 */
export class LiveUsersSync {
  private readonly batcher: FrameBatcher<UserEvent>;
  private readonly figures: LiveFigures;
  private readonly stopReplay: () => void;
  private suspensionsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: QueryClient,
    private readonly registry: LiveRegistry,
    private readonly options: LiveUsersSyncOptions,
  ) {
    this.figures = createLiveFigures(client);
    this.batcher = createFrameBatcher<UserEvent>((events) => this.apply(events), options.scheduler);
    this.stopReplay = replayOntoFetchedPages(client, registry.replay, registry.recentlyDeleted);
  }

  /** An event from the socket, parsed with its contract schema; applied at the next frame. */
  push(event: UserEvent): void {
    this.batcher.push(event);
  }

  /** One frame's events, in arrival order, into every cached view of them. */
  apply(events: readonly UserEvent[]): void {
    const { client, registry } = this;
    registry.replay.remember(events);
    this.options.signal(applyEventsToCache(client, events, registry.recentlyDeleted, this.options.view()));
    this.figures.apply(events);
    applyEventsToOpenPanels(client, events);
    applyEventsToSuspensions(client, events, () => this.reloadSuspensionsSoon());
  }

  /** A reconnect that could not replay what it missed: the first page, the figures and the suspensions again. */
  resync(api: UsersClient): void {
    const isDeleted = (id: string) => this.registry.recentlyDeleted.has(id);
    // A failed reload leaves the cache as it was; the next reconnect tries again.
    resyncUsers(this.client, api, this.options.view(), isDeleted).catch(() => undefined);
    this.figures.reload();
    void this.client.invalidateQueries({ queryKey: suspendedUsersQueryKey });
  }

  dispose(): void {
    clearTimeout(this.suspensionsTimer);
    this.stopReplay();
    this.figures.dispose();
    this.batcher.dispose();
  }

  private reloadSuspensionsSoon(): void {
    this.suspensionsTimer ??= setTimeout(() => {
      this.suspensionsTimer = undefined;
      void this.client.invalidateQueries({ queryKey: suspendedUsersQueryKey });
    }, SUSPENSIONS_RELOAD_MS);
  }
}
