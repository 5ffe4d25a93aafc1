import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createdSockets } from "../../test/fake-socket";
import { useUsersSocket } from "./use-users-socket";

vi.mock("../../api/socket-client", async () => {
  const { FakeSocket } = await import("../../test/fake-socket");
  return { createUsersSocket: (url: string) => new FakeSocket(url, "") };
});

// The server refuses a handshake with one of the contract's four reasons; the refused socket is
// inactive (socket.io-client does not retry a middleware refusal by itself).
function refuse(reason: string) {
  const socket = createdSockets.at(-1);
  if (!socket) throw new Error("no socket");
  socket.active = false;
  act(() => {
    socket.emit("connect_error", new Error(reason));
  });
  return socket;
}

describe("useUsersSocket", () => {
  const handlers = { onEvent: vi.fn(), onResync: vi.fn(), onRejected: vi.fn() };

  beforeEach(() => {
    vi.useFakeTimers();
    createdSockets.length = 0;
    Object.values(handlers).forEach((h) => h.mockReset());
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("should hand unauthorized and forbidden to the session, without retrying, when the server refuses them", () => {
    for (const reason of ["unauthorized", "forbidden"]) {
      renderHook(() => useUsersSocket("http://api.test", "token", handlers));
      const socket = refuse(reason);
      act(() => {
        vi.advanceTimersByTime(60_000);
      });
      expect(handlers.onRejected).toHaveBeenLastCalledWith(reason);
      expect(socket.connectCalls).toBe(1);
      cleanup();
    }
  });

  it("should retry soon when the server could not check the token (unavailable)", () => {
    const { result } = renderHook(() => useUsersSocket("http://api.test", "token", handlers));
    const socket = refuse("unavailable");
    expect(result.current.state).toBe("reconnecting");
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(socket.connectCalls).toBe(2);
    expect(handlers.onRejected).not.toHaveBeenCalled();
  });

  it("should wait longer before asking again when the token holds too many sockets", () => {
    const { result } = renderHook(() => useUsersSocket("http://api.test", "token", handlers));
    const socket = refuse("too_many_connections");
    expect(result.current.state).toBe("reconnecting");
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(socket.connectCalls).toBe(1);
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(socket.connectCalls).toBe(2);
    expect(handlers.onRejected).not.toHaveBeenCalled();
  });
});
