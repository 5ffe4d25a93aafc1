import { describe, expect, it } from "vitest";
import { created, deleted, makeUser } from "../../test/factories";
import { createEventReplay } from "./event-replay";

describe("createEventReplay", () => {
  it("should forget events when they are older than the window", () => {
    let clock = 0;
    const replay = createEventReplay(1_000, 100, () => clock);
    const old = created(makeUser());
    const fresh = deleted(makeUser().id);

    replay.remember([old]);
    clock = 900;
    replay.remember([fresh]);
    clock = 1_500;

    expect(replay.recent()).toEqual([fresh]);
  });

  it("should keep only the newest events when more than the maximum arrive", () => {
    const replay = createEventReplay(1_000, 2, () => 0);
    const events = [makeUser(), makeUser(), makeUser()].map(created);

    replay.remember(events);

    expect(replay.recent()).toEqual(events.slice(1));
  });
});
