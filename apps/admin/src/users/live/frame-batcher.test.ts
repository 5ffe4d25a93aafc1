import { describe, expect, it, vi } from "vitest";
import { createFrameBatcher, type FrameScheduler } from "./frame-batcher";

function manualFrames() {
  const callbacks: (() => void)[] = [];
  const scheduler: FrameScheduler = {
    request(callback) {
      callbacks.push(callback);
      return () => callbacks.splice(callbacks.indexOf(callback), 1);
    },
  };
  const runFrame = () => callbacks.splice(0).forEach((callback) => callback());
  return { scheduler, runFrame, pending: () => callbacks.length };
}

describe("createFrameBatcher", () => {
  it("should flush once with every item in order when 500 items arrive in one frame", () => {
    const frames = manualFrames();
    const flush = vi.fn();
    const batcher = createFrameBatcher<number>(flush, frames.scheduler);

    for (let i = 0; i < 500; i += 1) batcher.push(i);
    expect(frames.pending()).toBe(1);
    frames.runFrame();

    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush).toHaveBeenCalledWith(Array.from({ length: 500 }, (_, i) => i));
  });

  it("should flush again in the next frame when items arrive after a flush", () => {
    const frames = manualFrames();
    const flush = vi.fn();
    const batcher = createFrameBatcher<string>(flush, frames.scheduler);

    batcher.push("a");
    frames.runFrame();
    batcher.push("b");
    frames.runFrame();

    expect(flush.mock.calls).toEqual([[["a"]], [["b"]]]);
  });

  it("should drop pending items when disposed before the frame", () => {
    const frames = manualFrames();
    const flush = vi.fn();
    const batcher = createFrameBatcher<string>(flush, frames.scheduler);

    batcher.push("a");
    batcher.dispose();
    frames.runFrame();

    expect(flush).not.toHaveBeenCalled();
  });
});
