import { afterEach, describe, expect, it, vi } from "vitest";
import { navigate, parseRoute } from "./router";

describe("router", () => {
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("should read the screen and the user id from the path", () => {
    expect(parseRoute("/")).toEqual({ name: "users", userId: null });
    expect(parseRoute("/users/00000000-0000-4000-8000-000000000001")).toEqual({
      name: "users",
      userId: "00000000-0000-4000-8000-000000000001",
    });
    expect(parseRoute("/audit")).toEqual({ name: "audit" });
    expect(parseRoute("/anything/else")).toEqual({ name: "users", userId: null });
  });

  it("should push a new entry, or replace it, and tell listeners when the address changes", () => {
    const listener = vi.fn();
    window.addEventListener("moien:navigate", listener);
    const length = window.history.length;

    navigate("/audit");
    navigate("/audit?action=user.deleted", { replace: true });
    navigate("/audit?action=user.deleted");

    expect(window.location.pathname + window.location.search).toBe("/audit?action=user.deleted");
    expect(window.history.length).toBe(length + 1);
    expect(listener).toHaveBeenCalledTimes(2);
    window.removeEventListener("moien:navigate", listener);
  });
});
