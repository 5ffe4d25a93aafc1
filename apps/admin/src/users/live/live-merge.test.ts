import { describe, expect, it } from "vitest";
import { created, deleted, ids, makeData, makePage, makeUser } from "../../test/factories";
import { applyUserEvents, mergeFirstPage, recordDeletions, removeUser, restoreUser } from "./live-merge";
import { RecentIds } from "./recent-ids";

const none = () => false;
const all = { filters: {}, isDeleted: none };

const updated = (user: ReturnType<typeof makeUser>) => ({ name: "users.updated" as const, payload: user });

describe("applyUserEvents with users.updated", () => {
  it("should change a loaded row in place, keeping its position and the other pages", () => {
    const [newer, target, older] = [makeUser(), makeUser(), makeUser()].reverse();
    const data = makeData(makePage([newer!, target!], "c1"), makePage([older!]));
    const renamed = { ...target!, fullName: "Renamed" };

    const result = applyUserEvents(data, [updated(renamed)], all);

    expect(result.data?.pages[0]?.items).toEqual([newer, renamed]);
    expect(result.data?.pages[1]).toBe(data.pages[1]);
    expect(result.updated).toEqual([renamed]);
    expect(result.inserted).toEqual([]);
  });

  it("should take a row out of a filtered view when it no longer matches, and put one in when it starts to", () => {
    const [a, b] = [makeUser({ countryCode: "LU" }), makeUser({ countryCode: "LU" })];
    const data = makeData(makePage([b, a]));
    const luOnly = { filters: { country: ["LU"] }, isDeleted: none };

    const left = applyUserEvents(data, [updated({ ...b, countryCode: "FR", countryName: "France" })], luOnly);
    expect(ids(left.data)).toEqual([a.id]);
    expect(left.updated).toEqual([]);

    const back = applyUserEvents(left.data, [updated(b)], luOnly);
    expect(ids(back.data)).toEqual([b.id, a.id]);
    expect(back.updated).toEqual([b]);
  });

  it("should keep the latest values of a user created and updated in one batch, and ignore an update of a deleted user", () => {
    const data = makeData(makePage([makeUser()]));
    const user = makeUser();
    const result = applyUserEvents(data, [created(user), updated({ ...user, fullName: "Second" })], all);
    expect(result.data?.pages[0]?.items[0]?.fullName).toBe("Second");
    expect(result.inserted).toHaveLength(1);

    const gone = applyUserEvents(data, [deleted(user.id), updated(user)], all);
    expect(gone.data).toBe(data);
  });
});

describe("applyUserEvents", () => {
  it("should insert a created user at the top of the first page when it is new", () => {
    const [older, old] = [makeUser(), makeUser()];
    const data = makeData(makePage([old, older], "c1"), makePage([makeUser({ createdAt: "2026-01-01T00:00:00.000Z" })]));
    const fresh = makeUser();

    const result = applyUserEvents(data, [created(fresh)], all);

    expect(ids(result.data).slice(0, 3)).toEqual([fresh.id, old.id, older.id]);
    expect(result.inserted).toEqual([fresh]);
    expect(result.data?.pages[1]).toBe(data.pages[1]);
  });

  it("should not insert a user again when a page already loaded it", () => {
    const user = makeUser();
    const data = makeData(makePage([makeUser()], "c1"), makePage([user]));

    const result = applyUserEvents(data, [created(user)], all);

    expect(result.data).toBe(data);
    expect(result.inserted).toEqual([]);
  });

  it("should insert once when the same event arrives twice in one batch", () => {
    const data = makeData(makePage([makeUser()]));
    const user = makeUser();

    const result = applyUserEvents(data, [created(user), created(user)], all);

    expect(ids(result.data).filter((id) => id === user.id)).toHaveLength(1);
    expect(result.inserted).toHaveLength(1);
  });

  it("should insert once when the same event arrives again in a later batch", () => {
    const user = makeUser();
    const first = applyUserEvents(makeData(makePage([])), [created(user)], all);

    const second = applyUserEvents(first.data, [created(user)], all);

    expect(second.data).toBe(first.data);
    expect(ids(second.data)).toEqual([user.id]);
  });

  it("should put a burst newest first when several users are created in one batch", () => {
    const [a, b, c] = [makeUser(), makeUser(), makeUser()];

    const result = applyUserEvents(makeData(makePage([])), [created(a), created(b), created(c)], all);

    expect(ids(result.data)).toEqual([c.id, b.id, a.id]);
    expect(result.inserted.map((user) => user.id)).toEqual([c.id, b.id, a.id]);
  });

  it("should remove a deleted user when it is on any page", () => {
    const target = makeUser({ createdAt: "2025-01-01T00:00:00.000Z" });
    const keep = makeUser({ createdAt: "2024-01-01T00:00:00.000Z" });
    const data = makeData(makePage([makeUser()], "c1"), makePage([target, keep], "c2"), makePage([]));

    const result = applyUserEvents(data, [deleted(target.id)], all);

    expect(ids(result.data)).not.toContain(target.id);
    expect(ids(result.data)).toContain(keep.id);
    expect(result.data?.pages[0]).toBe(data.pages[0]);
  });

  it("should change nothing when the deleted id is unknown", () => {
    const data = makeData(makePage([makeUser(), makeUser()]));

    const result = applyUserEvents(data, [deleted(makeUser().id)], all);

    expect(result.data).toBe(data);
  });

  it("should leave no row when a create and its delete arrive in one batch", () => {
    const user = makeUser();

    const result = applyUserEvents(makeData(makePage([])), [created(user), deleted(user.id)], all);

    expect(ids(result.data)).toEqual([]);
    expect(result.inserted).toEqual([]);
  });

  it("should leave no ghost row when the delete arrives before its create in one batch", () => {
    const user = makeUser();

    const result = applyUserEvents(makeData(makePage([])), [deleted(user.id), created(user)], all);

    expect(ids(result.data)).toEqual([]);
  });

  it("should leave no ghost row when the delete arrived in an earlier batch than its create", () => {
    const user = makeUser();
    const recentlyDeleted = new RecentIds();
    const data = makeData(makePage([makeUser()]));
    recordDeletions([deleted(user.id)], (id) => recentlyDeleted.add(id));

    const result = applyUserEvents(data, [created(user)], { filters: {}, isDeleted: (id) => recentlyDeleted.has(id) });

    expect(result.data).toBe(data);
  });

  it("should insert only matching users when a search is active", () => {
    const ahmed = makeUser({ fullName: "Ahmed Mohamed Ali" });
    const sara = makeUser({ fullName: "Sara Weber", email: "sara@example.com" });

    const result = applyUserEvents(makeData(makePage([])), [created(ahmed), created(sara)], {
      filters: { q: "  MOHAMED " },
      isDeleted: none,
    });

    expect(ids(result.data)).toEqual([ahmed.id]);
  });

  it("should insert only users of the filtered countries and dates when filters are active", () => {
    const inside = makeUser({ countryCode: "FR", createdAt: "2026-12-01T10:00:00.000Z" });
    const otherCountry = makeUser({ countryCode: "LU", createdAt: "2026-12-01T10:00:00.000Z" });
    const tooLate = makeUser({ countryCode: "FR", createdAt: "2026-12-02T00:00:00.000Z" });
    const filters = {
      country: ["FR"],
      registeredFrom: new Date("2026-12-01T00:00:00.000Z"),
      registeredTo: new Date("2026-12-02T00:00:00.000Z"),
    };

    const result = applyUserEvents(makeData(makePage([])), [created(inside), created(otherCountry), created(tooLate)], {
      filters,
      isDeleted: none,
    });

    expect(ids(result.data)).toEqual([inside.id]);
  });

  it("should still remove a deleted user when a search is active and the user does not match", () => {
    const user = makeUser({ fullName: "Sara Weber" });

    const result = applyUserEvents(makeData(makePage([user])), [deleted(user.id)], { filters: { q: "ahmed" }, isDeleted: none });

    expect(ids(result.data)).toEqual([]);
  });

  it("should do nothing when the query has no data yet", () => {
    expect(applyUserEvents(undefined, [created(makeUser())], all)).toEqual({ data: undefined, inserted: [], updated: [] });
  });
});

describe("mergeFirstPage", () => {
  it("should add the missed users and drop the missed deletions when the first page is reloaded", () => {
    const [u1, u2, u3, u4] = [makeUser(), makeUser(), makeUser(), makeUser()];
    const missed = makeUser();
    // Cached: u4 u3 u2 | u1 ; meanwhile u3 was deleted and `missed` registered.
    const data = makeData(makePage([u4, u3, u2], "c1"), makePage([u1]));

    const merged = mergeFirstPage(data, makePage([missed, u4, u2], "f1"), none);

    expect(ids(merged)).toEqual([missed.id, u4.id, u2.id, u1.id]);
  });

  it("should keep no duplicate when the reloaded page overlaps rows already loaded", () => {
    const users = [makeUser(), makeUser(), makeUser()].reverse();
    const data = makeData(makePage(users));

    const merged = mergeFirstPage(data, makePage(users), none);

    expect(ids(merged)).toEqual(users.map((user) => user.id));
  });

  it("should keep a row that arrived while the page loaded when it is newer than the page", () => {
    const old = makeUser();
    const live = makeUser();
    const data = makeData(makePage([live, old]));

    const merged = mergeFirstPage(data, makePage([old]), none);

    expect(ids(merged)).toEqual([live.id, old.id]);
  });

  it("should drop every older row when the reloaded page is the last one", () => {
    const [gone, kept] = [makeUser(), makeUser()];
    const data = makeData(makePage([kept], "c1"), makePage([gone]));

    const merged = mergeFirstPage(data, makePage([kept], null), none);

    expect(ids(merged)).toEqual([kept.id]);
    expect(merged.pageParams).toEqual([null]);
  });

  it("should skip a user of the reloaded page when it was deleted meanwhile", () => {
    const user = makeUser();

    const merged = mergeFirstPage(makeData(makePage([])), makePage([user]), (id) => id === user.id);

    expect(ids(merged)).toEqual([]);
  });
});

describe("optimistic delete helpers", () => {
  it("should take the user out and put it back at its place when a delete fails", () => {
    const [c, b, a] = [makeUser(), makeUser(), makeUser()];
    const data = makeData(makePage([a, b], "c1"), makePage([c]));

    const removed = removeUser(data, b.id);
    const restored = restoreUser(removed, b);

    expect(ids(removed)).toEqual([a.id, c.id]);
    expect(ids(restored)).toEqual([a.id, b.id, c.id]);
  });

  it("should not restore a user when it lies beyond the loaded pages", () => {
    const [older, newer] = [makeUser(), makeUser()];
    const data = makeData(makePage([newer], "c1"));

    expect(restoreUser(data, { ...older, createdAt: "2020-01-01T00:00:00.000Z" })).toBe(data);
  });
});
