import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { created, deleted, ids, makeData, makePage, makeUser } from "../../test/factories";
import type { FrameScheduler } from "./frame-batcher";
import { createLiveRegistry } from "./live-registry";
import { LiveUsersSync } from "./live-users-sync";
import type { ShownChanges } from "./live-cache";
import { usersQueryKey } from "../users-query";

function setUp() {
  const client = new QueryClient();
  client.setQueryData(usersQueryKey({}), makeData(makePage([])));
  let frame: (() => void) | undefined;
  const scheduler: FrameScheduler = { request: (callback) => ((frame = callback), () => (frame = undefined)) };
  const signals: ShownChanges[] = [];
  const registry = createLiveRegistry();
  const sync = new LiveUsersSync(client, registry, { view: () => ({}), signal: (changes) => signals.push(changes), scheduler });
  return { client, registry, sync, signals, nextFrame: () => frame?.() };
}

describe("LiveUsersSync", () => {
  it("should write nothing until the frame, then put new users on top once each and signal them", () => {
    const { client, sync, signals, nextFrame } = setUp();
    const [first, second] = [makeUser(), makeUser()];
    sync.push(created(first));
    sync.push(created(second));
    sync.push(created(first)); // the same event again (a repeat): never twice
    expect(ids(client.getQueryData(usersQueryKey({})))).toEqual([]);
    nextFrame();
    expect(ids(client.getQueryData(usersQueryKey({})))).toEqual([second.id, first.id]);
    expect(signals.flatMap((s) => s.inserted.map((u) => u.id)).sort()).toEqual([first.id, second.id].sort());
  });

  it("should remove a deleted user and remember the id, so a later page or repeat cannot bring it back", () => {
    const { client, registry, sync, nextFrame } = setUp();
    const user = makeUser();
    sync.push(created(user));
    nextFrame();
    sync.push(deleted(user.id));
    nextFrame();
    expect(ids(client.getQueryData(usersQueryKey({})))).toEqual([]);
    expect(registry.recentlyDeleted.has(user.id)).toBe(true);
    sync.push(created(user));
    nextFrame();
    expect(ids(client.getQueryData(usersQueryKey({})))).toEqual([]);
  });

  it("should drop what waits for the frame when disposed", () => {
    const { client, sync, nextFrame } = setUp();
    sync.push(created(makeUser()));
    sync.dispose();
    nextFrame();
    expect(ids(client.getQueryData(usersQueryKey({})))).toEqual([]);
  });
});
