import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { created, deleted, ids, makeData, makePage, makeUser } from "../../test/factories";
import { createFrameBatcher, type FrameScheduler } from "./frame-batcher";
import { createEventReplay } from "./event-replay";
import { applyEventsToCache, replayOntoFetchedPages } from "./live-cache";
import { RecentIds } from "./recent-ids";
import type { UserEvent, UsersData } from "../users-data";
import { usersQueryKey } from "../users-query";

const v = (q: string) => (q ? { q } : {});

function clientWith(entries: [string, UsersData][]) {
  const client = new QueryClient();
  for (const [search, data] of entries) client.setQueryData(usersQueryKey(v(search)), data);
  let writes = 0;
  client.getQueryCache().subscribe((event) => {
    if (event.type === "updated" && event.action.type === "success") writes += 1;
  });
  return { client, writes: () => writes };
}

describe("applyEventsToCache", () => {
  it("should write the cache once when 500 events arrive in one animation frame", () => {
    const { client, writes } = clientWith([["", makeData(makePage([makeUser()]))]]);
    let frame: (() => void) | undefined;
    const scheduler: FrameScheduler = { request: (callback) => ((frame = callback), () => undefined) };
    const recentlyDeleted = new RecentIds();
    const batcher = createFrameBatcher<UserEvent>((events) => applyEventsToCache(client, events, recentlyDeleted, v("")), scheduler);
    const users = Array.from({ length: 500 }, () => makeUser());

    users.forEach((user) => batcher.push(created(user)));
    expect(writes()).toBe(0);
    frame?.();

    expect(writes()).toBe(1);
    expect(client.getQueryData<UsersData>(usersQueryKey(v("")))?.pages[0]?.items).toHaveLength(501);
  });

  it("should apply each cached search with its own filter when several searches are cached", () => {
    const { client } = clientWith([
      ["", makeData(makePage([]))],
      ["sara", makeData(makePage([]))],
    ]);
    const ahmed = makeUser({ fullName: "Ahmed Mohamed Ali" });

    const { inserted } = applyEventsToCache(client, [created(ahmed)], new RecentIds(), v("sara"));

    expect(ids(client.getQueryData(usersQueryKey(v(""))))).toEqual([ahmed.id]);
    expect(ids(client.getQueryData(usersQueryKey(v("sara"))))).toEqual([]);
    expect(inserted).toEqual([]);
  });

  it("should not write the cache when a batch changes nothing", () => {
    const user = makeUser();
    const { client, writes } = clientWith([["", makeData(makePage([user]))]]);

    applyEventsToCache(client, [created(user), deleted(makeUser().id)], new RecentIds(), v(""));

    expect(writes()).toBe(0);
  });

  it("should ignore a late create when its delete came in an earlier batch", () => {
    const { client } = clientWith([["", makeData(makePage([]))]]);
    const recentlyDeleted = new RecentIds();
    const user = makeUser();

    applyEventsToCache(client, [deleted(user.id)], recentlyDeleted, v(""));
    applyEventsToCache(client, [created(user)], recentlyDeleted, v(""));

    expect(ids(client.getQueryData(usersQueryKey(v(""))))).toEqual([]);
  });
});

describe("replayOntoFetchedPages", () => {
  it("should add a user created while the page was loading when the server answers without it", async () => {
    const client = new QueryClient();
    const replay = createEventReplay();
    const stop = replayOntoFetchedPages(client, replay, new RecentIds());
    const [listed, meanwhile] = [makeUser(), makeUser()];
    replay.remember([created(meanwhile), created(listed)]);

    await client.fetchInfiniteQuery({
      queryKey: usersQueryKey(v("")),
      queryFn: () => makePage([listed]),
      initialPageParam: null as string | null,
    });
    stop();

    expect(ids(client.getQueryData(usersQueryKey(v(""))))).toEqual([meanwhile.id, listed.id]);
  });
});
