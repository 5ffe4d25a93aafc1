import { describe, expect, it } from "vitest";
import { RecentIds } from "./recent-ids";

describe("RecentIds", () => {
  it("should forget the oldest id when the capacity is exceeded", () => {
    const ids = new RecentIds(2);
    ids.add("a");
    ids.add("b");
    ids.add("c");

    expect([ids.has("a"), ids.has("b"), ids.has("c"), ids.size]).toEqual([false, true, true, 2]);
  });
});
