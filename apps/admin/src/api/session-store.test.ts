import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSessionStore } from "./session-store";

const login = { accessToken: "token-1", tokenType: "Bearer" as const, expiresIn: 60, role: "admin" as const };

describe("createSessionStore", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sessionStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  it("should end the session with the expired notice when its lifetime is over", () => {
    const store = createSessionStore();
    const listener = vi.fn();
    store.subscribe(listener);

    store.signIn(login);
    expect(store.token()).toBe("token-1");
    vi.advanceTimersByTime(59_999);
    expect(store.getState().session).not.toBeNull();
    vi.advanceTimersByTime(1);

    expect(store.getState()).toEqual({ session: null, notice: "expired" });
    expect(sessionStorage.length).toBe(0);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("should restore the session when the tab reloads before it expires", () => {
    createSessionStore().signIn(login);
    vi.advanceTimersByTime(30_000);

    const restored = createSessionStore();

    expect(restored.token()).toBe("token-1");
    vi.advanceTimersByTime(30_000);
    expect(restored.getState().notice).toBe("expired");
  });

  it("should start signed out with the expired notice when the stored session is over", () => {
    createSessionStore().signIn(login);
    vi.setSystemTime(Date.now() + 61_000);

    expect(createSessionStore().getState()).toEqual({ session: null, notice: "expired" });
  });

  it("should show no notice when the admin signs out", () => {
    const store = createSessionStore();
    store.signIn(login);

    store.signOut();

    expect(store.getState()).toEqual({ session: null, notice: null });
    store.expire();
    expect(store.getState().notice).toBeNull();
  });
});
