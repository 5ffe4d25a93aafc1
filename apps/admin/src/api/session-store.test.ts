import { describe, expect, it, vi } from "vitest";
import { createSessionStore } from "./session-store";

const current = {
  operator: { id: "00000000-0000-4000-8000-000000000001", email: "ops@moien.test", role: "support" as const },
  session: {
    id: "00000000-0000-4000-8000-0000000000aa",
    createdAt: "2026-12-05T09:00:00.000Z",
    lastActiveAt: "2026-12-05T09:00:00.000Z",
    expiresAt: "2026-12-05T21:00:00.000Z",
    address: "127.0.0.1",
    userAgent: null,
    current: true,
  },
  hasFactor: true,
  stepUpUntil: null,
};

describe("createSessionStore", () => {
  it("should start by checking, sign in from the server's answer, and keep nothing in web storage", () => {
    const store = createSessionStore();
    expect(store.getState().status).toBe("checking");
    const listener = vi.fn();
    store.subscribe(listener);
    store.signIn(current);
    expect(store.getState()).toMatchObject({ status: "signed-in", session: { operator: current.operator, hasFactor: true } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.getItem("moien.admin.session")).toBeNull();
  });

  it("should end with the expired notice when the server refuses the session, and quietly when the first check fails", () => {
    const store = createSessionStore();
    store.expire();
    expect(store.getState()).toEqual({ status: "signed-out", session: null, notice: null });
    store.signIn(current);
    store.expire();
    expect(store.getState()).toEqual({ status: "signed-out", session: null, notice: "expired" });
  });

  it("should remember a step-up until its end", () => {
    const store = createSessionStore();
    store.signIn(current);
    store.steppedUp(Date.parse("2026-12-05T09:10:00.000Z"));
    expect(store.getState().session?.stepUpUntil).toBe(Date.parse("2026-12-05T09:10:00.000Z"));
  });
});
