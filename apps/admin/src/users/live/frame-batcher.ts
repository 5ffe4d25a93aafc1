export type FrameScheduler = {
  request(callback: () => void): () => void;
};

// Hidden tabs get no animation frames; a timer keeps the cache current for when the tab returns.
const HIDDEN_TAB_DELAY_MS = 250;

export const animationFrameScheduler: FrameScheduler = {
  request(callback) {
    if (typeof document !== "undefined" && document.visibilityState === "hidden") {
      const timer = setTimeout(callback, HIDDEN_TAB_DELAY_MS);
      return () => clearTimeout(timer);
    }
    const frame = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(frame);
  },
};

export type FrameBatcher<T> = {
  push(item: T): void;
  dispose(): void;
};

/** Collects items and hands them over once per frame, in arrival order. */
export function createFrameBatcher<T>(flush: (items: T[]) => void, scheduler: FrameScheduler = animationFrameScheduler): FrameBatcher<T> {
  let pending: T[] = [];
  let cancel: (() => void) | null = null;

  const run = () => {
    cancel = null;
    const items = pending;
    pending = [];
    if (items.length > 0) flush(items);
  };

  return {
    push(item) {
      pending.push(item);
      cancel ??= scheduler.request(run);
    },
    dispose() {
      cancel?.();
      cancel = null;
      pending = [];
    },
  };
}
