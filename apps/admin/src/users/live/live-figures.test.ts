import type { UsersStats } from "@moien/contracts";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { created, deleted, makeUser } from "../../test/factories";
import { applyCreatedToStats, createLiveFigures } from "./live-figures";
import { countQueryKey, statsQueryKey } from "../../stats/stats-query";

const days = (...counts: number[]) => counts.map((count, index) => ({ date: `2026-11-${String(index + 1).padStart(2, "0")}`, count }));

// Ten days shown, the last (2026-11-10) is today.
const stats = (): UsersStats => ({
  total: 20,
  today: 1,
  last7Days: 5,
  perDay: days(1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
  byCountry: [
    { countryCode: "LU", countryName: "Luxembourg", count: 11 },
    { countryCode: "FR", countryName: "France", count: 9 },
  ],
});

describe("applyCreatedToStats", () => {
  it("should count a user of today in every figure and its country when it registers", () => {
    const next = applyCreatedToStats(stats(), [
      makeUser({ createdAt: "2026-11-10T08:00:00.000Z", countryCode: "FR", countryName: "France" }),
    ]);

    expect(next).toMatchObject({ total: 21, today: 2, last7Days: 6 });
    expect(next?.perDay.at(-1)).toEqual({ date: "2026-11-10", count: 2 });
    expect(next?.byCountry.map((country) => [country.countryCode, country.count])).toEqual([
      ["LU", 11],
      ["FR", 10],
    ]);
  });

  it("should reorder the countries and add a new one when the counts change", () => {
    const users = [1, 2, 3].map(() => makeUser({ createdAt: "2026-11-10T09:00:00.000Z", countryCode: "FR", countryName: "France" }));
    const next = applyCreatedToStats(stats(), [
      ...users,
      makeUser({ createdAt: "2026-11-10T09:00:00.000Z", countryCode: "MA", countryName: "Morocco" }),
    ]);

    expect(next?.byCountry.map((country) => country.countryCode)).toEqual(["FR", "LU", "MA"]);
  });

  it("should leave today out when the user registered on an earlier day of the window", () => {
    const next = applyCreatedToStats(stats(), [makeUser({ createdAt: "2026-11-02T09:00:00.000Z" })]);

    expect(next).toMatchObject({ total: 21, today: 1, last7Days: 5 });
    expect(next?.perDay[1]).toEqual({ date: "2026-11-02", count: 2 });
  });

  it("should ask for a reload when a user belongs to a day after the last one shown", () => {
    expect(applyCreatedToStats(stats(), [makeUser({ createdAt: "2026-11-11T00:00:01.000Z" })])).toBeNull();
  });
});

describe("createLiveFigures", () => {
  let client: QueryClient;
  beforeEach(() => {
    vi.useFakeTimers();
    client = new QueryClient();
  });
  afterEach(() => vi.useRealTimers());

  it("should add created users to the statistics and to the counts they match, once each", () => {
    client.setQueryData(statsQueryKey, stats());
    client.setQueryData(countQueryKey({}), { total: 20 });
    client.setQueryData(countQueryKey({ country: "FR" }), { total: 9 });
    const live = createLiveFigures(client);
    const user = makeUser({ createdAt: "2026-11-10T10:00:00.000Z", countryCode: "LU" });

    live.apply([created(user), created(user)]);
    live.apply([created(user)]);

    expect(client.getQueryData<UsersStats>(statsQueryKey)?.total).toBe(21);
    expect(client.getQueryData(countQueryKey({}))).toEqual({ total: 21 });
    expect(client.getQueryData(countQueryKey({ country: "FR" }))).toEqual({ total: 9 });
  });

  it("should reload the statistics once shortly after a burst of deletions", async () => {
    const usersStats = vi.fn(async () => stats());
    // Watched like the header watches it: an invalidation refetches.
    const unsubscribe = new QueryObserver(client, { queryKey: statsQueryKey, queryFn: usersStats, staleTime: Infinity }).subscribe(
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(usersStats).toHaveBeenCalledTimes(1);
    const live = createLiveFigures(client, 500);

    live.apply([deleted(makeUser().id)]);
    await vi.advanceTimersByTimeAsync(200);
    live.apply([deleted(makeUser().id), deleted(makeUser().id)]);
    expect(usersStats).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);

    expect(usersStats).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(usersStats).toHaveBeenCalledTimes(2);
    live.dispose();
    unsubscribe();
  });

  it("should reload instead of adding when the statistics are being fetched", async () => {
    let answer: (value: UsersStats) => void = () => undefined;
    const usersStats = vi.fn(() => new Promise<UsersStats>((resolve) => (answer = resolve)));
    const unsubscribe = new QueryObserver(client, { queryKey: statsQueryKey, queryFn: usersStats, staleTime: Infinity }).subscribe(
      () => undefined,
    );
    const live = createLiveFigures(client, 500);

    live.apply([created(makeUser({ createdAt: "2026-11-10T10:00:00.000Z" }))]);
    answer(stats());
    await vi.advanceTimersByTimeAsync(500);

    expect(usersStats).toHaveBeenCalledTimes(2);
    live.dispose();
    unsubscribe();
  });
});
