import { Injectable } from "@nestjs/common";
import type { UsersStats } from "@moien/contracts";
import { countryNameOf } from "./phone";
import { UsersStatsRepository } from "./users-stats.repository";

const DAYS = 30;
const WEEK = 7;
const DAY_MS = 86_400_000;

/** Registration figures from the counters: a bounded read whatever the number of users. */
@Injectable()
export class UsersStatsService {
  constructor(private readonly counters: UsersStatsRepository) {}

  async stats(now: Date = new Date()): Promise<UsersStats> {
    const days = lastUtcDays(now, DAYS);
    const [perDayRows, byCountryRows] = await Promise.all([
      this.counters.countsPerDay(days[0] ?? now.toISOString().slice(0, 10)),
      this.counters.countsPerCountry(),
    ]);
    const counted = new Map(perDayRows.map((r) => [r.day, r.count]));
    const perDay = days.map((date) => ({ date, count: counted.get(date) ?? 0 }));
    return {
      total: byCountryRows.reduce((sum, r) => sum + r.count, 0),
      today: perDay.at(-1)?.count ?? 0,
      last7Days: perDay.slice(-WEEK).reduce((sum, d) => sum + d.count, 0),
      perDay,
      byCountry: byCountryRows.map((r) => ({ ...r, countryName: countryNameOf(r.countryCode) ?? r.countryCode })),
    };
  }
}

/** The last `n` UTC dates (YYYY-MM-DD), oldest first, ending with the day of `now`. */
export function lastUtcDays(now: Date, n: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}
