import type { PublicUser } from "@moien/contracts";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/app";
import { createServices } from "../app/services";
import { withLayout } from "../test/dom-layout";
import { makeUser, aCurrentSession } from "../test/factories";
import { fakeServer, problemResponse } from "../test/fake-server";
import { createdSockets, type FakeSocket } from "../test/fake-socket";

vi.mock("../api/socket-client", async () => {
  const { FakeSocket } = await import("../test/fake-socket");
  return { createUsersSocket: (url: string) => new FakeSocket(url, "") };
});

withLayout();

const rowIds = () => screen.queryAllByTestId("user-row").map((row) => row.getAttribute("data-user-id"));

// Lets queued animation frames and fetch promises run.
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 40)));

describe("UsersPage", () => {
  let server: ReturnType<typeof fakeServer>;
  let users: PublicUser[];
  let socket: FakeSocket;

  beforeEach(async () => {
    localStorage.setItem("moien.admin.language", "en");
    sessionStorage.clear();
    const [older, newer] = [makeUser({ fullName: "Older User" }), makeUser({ fullName: "Newer User" })];
    users = [newer, older];
    server = fakeServer(users);
    vi.stubGlobal("fetch", server.fetch);
    const services = createServices("http://api.test", { checkSession: false });
    services.session.signIn(aCurrentSession("admin"));
    render(<App services={services} />);
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    socket = createdSockets[createdSockets.length - 1] as FakeSocket;
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("should connect to the users namespace (the cookie carries the session) when the table opens", () => {
    expect(socket.url).toBe("http://api.test");
    expect(socket.connectCalls).toBe(1);
  });

  it("should show each connection state when the socket connects, drops and the browser goes offline", async () => {
    const state = () => screen.getByTestId("connection-state");
    expect(state().dataset.state).toBe("reconnecting");
    expect(state().textContent).toBe("Connecting…");

    act(() => socket.serverConnect());
    expect(state().dataset.state).toBe("live");
    expect(state().textContent).toBe("Live");

    act(() => socket.serverDrop());
    expect(state().dataset.state).toBe("reconnecting");
    expect(state().textContent).toBe("Reconnecting…");

    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    expect(state().dataset.state).toBe("offline");

    // TanStack Query listens to the same events: back online, or later queries stay paused.
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    expect(state().dataset.state).toBe("reconnecting");
  });

  it("should add a new user at the top once and announce it when the socket repeats the event", async () => {
    act(() => socket.serverConnect(true));
    const fresh = makeUser({ fullName: "Ahmed Mohamed Ali" });

    act(() => {
      socket.emit("users.created", fresh);
      socket.emit("users.created", fresh);
      socket.emit("users.created", users[0]);
    });
    await settle();

    expect(rowIds()).toEqual([fresh.id, users[0]?.id, users[1]?.id]);
    expect(screen.getAllByTestId("user-row")[0]?.className).toContain("users-table__row--new");
    await waitFor(() => expect(screen.getByTestId("live-announcer").textContent).toBe("New user: Ahmed Mohamed Ali"), { timeout: 3_000 });
  });

  it("should ignore an event when its payload breaks the contract", async () => {
    act(() => socket.emit("users.created", { ...makeUser(), role: "admin" }));
    await settle();

    expect(rowIds()).toHaveLength(2);
  });

  it("should remove the row when the socket reports the user deleted", async () => {
    act(() => socket.emit("users.deleted", { id: users[1]?.id }));
    await settle();

    expect(rowIds()).toEqual([users[0]?.id]);
  });

  it("should put the row back with an alert when the delete request fails", async () => {
    let fail: (response: Response) => void = () => undefined;
    server.onDelete(() => new Promise((resolve) => (fail = resolve)));
    const target = users[0] as PublicUser;

    fireEvent.click(within(screen.getAllByTestId("user-row")[0] as HTMLElement).getByTestId("delete-user"));
    fireEvent.click(screen.getByTestId("confirm-delete"));
    await settle();
    expect(rowIds()).toEqual([users[1]?.id]);

    act(() => fail(problemResponse(500, "database unavailable")));

    expect((await screen.findByRole("alert")).textContent).toContain(
      `Could not delete \u2068${target.fullName}\u2069: database unavailable`,
    );
    expect(rowIds()).toEqual([target.id, users[1]?.id]);
  });

  it("should treat a delete as done when the user is already gone", async () => {
    server.onDelete(() => problemResponse(404, "gone"));

    fireEvent.click(within(screen.getAllByTestId("user-row")[1] as HTMLElement).getByTestId("delete-user"));
    fireEvent.click(screen.getByTestId("confirm-delete"));
    await settle();

    expect(rowIds()).toEqual([users[0]?.id]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("should reload the first page and merge it when a reconnect could not replay missed events", async () => {
    act(() => socket.serverConnect(true));
    const missed = makeUser({ fullName: "Missed While Away" });
    users.unshift(missed);
    const listCalls = () => server.requests.filter((request) => new URL(request.url).pathname === "/api/v1/users").length;
    const before = listCalls();

    act(() => socket.serverDrop());
    act(() => socket.serverConnect(false));
    await settle();

    expect(listCalls()).toBe(before + 1);
    expect(rowIds()).toEqual([missed.id, users[1]?.id, users[2]?.id]);
  });
});
