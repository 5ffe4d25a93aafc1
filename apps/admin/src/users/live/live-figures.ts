import { userMatchesFilters, type PublicUser, type UsersCount, type UsersStats } from "@moien/contracts";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { filtersOfQuery } from "../filters/view-filters";
import { RecentIds } from "./recent-ids";
import type { UserEvent } from "../users-data";
import { viewOfKey } from "../users-query";
import { countQueryRoot, statsQueryKey } from "../../stats/stats-query";

/**
 * The statistics with newly registered users counted in, or null when they cannot be placed (a
 * user of a day after the last one shown: the UTC day turned, the figures must be reloaded).
 */
export function applyCreatedToStats(stats: UsersStats, users: readonly PublicUser[]): UsersStats | null {
  const last = stats.perDay[stats.perDay.length - 1]?.date;
  if (!last) return null;
  const perDay = stats.perDay.map((day) => ({ ...day }));
  const byCountry = stats.byCountry.map((country) => ({ ...country }));
  const weekStart = perDay[Math.max(0, perDay.length - 7)]?.date ?? last;
  let { total, today, last7Days } = stats;
  for (const user of users) {
    const day = user.createdAt.slice(0, 10);
    if (day > last) return null;
    total += 1;
    if (day === last) today += 1;
    if (day >= weekStart) last7Days += 1;
    const entry = perDay.find((candidate) => candidate.date === day);
    if (entry) entry.count += 1;
    const country = byCountry.find((candidate) => candidate.countryCode === user.countryCode);
    if (country) country.count += 1;
    else byCountry.push({ countryCode: user.countryCode, countryName: user.countryName, count: 1 });
  }
  // Largest first; Array.prototype.sort is stable, so ties keep the server's order.
  byCountry.sort((a, b) => b.count - a.count);
  return { total, today, last7Days, perDay, byCountry };
}

export type LiveFigures = {
  /**
   * Counts created users at once; schedules a reload for deletions (their payload is only the id) and
   * updates (a country change moves a user between countries, a change may make it match a view or not).
   */
  apply(events: readonly UserEvent[]): void;
  /** Reloads statistics and counts now (a reconnect that could not replay what it missed). */
  reload(): void;
  dispose(): void;
};

const isFetching = (client: QueryClient, queryKey: QueryKey) => client.getQueryState(queryKey)?.fetchStatus === "fetching";

/** Keeps the cached statistics and matching counts in step with the socket. */
export function createLiveFigures(client: QueryClient, reloadDelayMs = 500): LiveFigures {
  // A user replayed by a recovered socket must not be counted twice.
  const counted = new RecentIds(5_000);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const reload = () => {
    clearTimeout(timer);
    timer = undefined;
    void client.invalidateQueries({ queryKey: statsQueryKey });
    void client.invalidateQueries({ queryKey: countQueryRoot });
  };
  // One reload per burst: the first deletion schedules it, the ones before it runs ride along.
  const reloadSoon = () => {
    timer ??= setTimeout(reload, reloadDelayMs);
  };

  return {
    apply(events) {
      const created: PublicUser[] = [];
      for (const event of events) {
        if (event.name === "users.deleted" || event.name === "users.updated") {
          reloadSoon();
        } else if (event.name === "users.created" && !counted.has(event.payload.id)) {
          counted.add(event.payload.id);
          created.push(event.payload);
        }
      }
      if (created.length === 0) return;
      // An answer on its way may predate these users: ask again rather than add to it.
      if (isFetching(client, statsQueryKey)) reloadSoon();
      else {
        const stats = client.getQueryData<UsersStats>(statsQueryKey);
        const next = stats ? applyCreatedToStats(stats, created) : undefined;
        if (next === null) reloadSoon();
        else if (next) client.setQueryData(statsQueryKey, next);
      }
      for (const query of client.getQueryCache().findAll({ queryKey: countQueryRoot })) {
        const view = viewOfKey(query.queryKey);
        const count = client.getQueryData<UsersCount>(query.queryKey);
        if (!view || !count) continue;
        if (isFetching(client, query.queryKey)) {
          reloadSoon();
          continue;
        }
        const filters = filtersOfQuery(view);
        const matching = created.filter((user) => userMatchesFilters(user, filters)).length;
        if (matching > 0) client.setQueryData<UsersCount>(query.queryKey, { total: count.total + matching });
      }
    },
    reload,
    dispose: () => clearTimeout(timer),
  };
}
