import { describe, expect, it } from "vitest";
import { streamIdReached } from "./stream-order";

describe("streamIdReached", () => {
  it("should compare Redis stream ids by milliseconds, then sequence, as numbers", () => {
    expect(streamIdReached("1700000000000-0", "1700000000000-0")).toBe(true);
    expect(streamIdReached("1700000000000-10", "1700000000000-9")).toBe(true);
    expect(streamIdReached("1700000000000-9", "1700000000000-10")).toBe(false);
    expect(streamIdReached("1700000000001-0", "1700000000000-99")).toBe(true);
    expect(streamIdReached("999-0", "1000-0")).toBe(false);
    expect(streamIdReached("1-0", "0-0")).toBe(true);
  });
});
