import type { AuditEntry, PublicUser } from "@moien/contracts";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/app";
import { createServices } from "../app/services";
import { withLayout } from "../test/dom-layout";
import { makeUser, aCurrentSession } from "../test/factories";
import { fakeServer, problemResponse } from "../test/fake-server";
import { createdSockets } from "../test/fake-socket";

vi.mock("../api/socket-client", async () => {
  const { FakeSocket } = await import("../test/fake-socket");
  return { createUsersSocket: (url: string) => new FakeSocket(url, "") };
});

withLayout();

const rowIds = () => screen.queryAllByTestId("user-row").map((row) => row.getAttribute("data-user-id"));
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 40)));
const todayAt = (hour: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + hour * 3_600_000).toISOString();

describe("the users console", () => {
  let server: ReturnType<typeof fakeServer>;
  let users: PublicUser[];
  let audit: AuditEntry[];

  const start = async (path = "/") => {
    window.history.replaceState(null, "", path);
    const services = createServices("http://api.test", { checkSession: false });
    services.session.signIn(aCurrentSession("admin"));
    render(<App services={services} />);
    return createdSockets[createdSockets.length - 1];
  };

  beforeEach(() => {
    localStorage.setItem("moien.admin.language", "en");
    sessionStorage.clear();
    users = [
      makeUser({ fullName: "Ahmed Mohamed Ali", countryCode: "LU", phone: "+352691234567", createdAt: todayAt(1) }),
      makeUser({ fullName: "Sophie Muller", countryCode: "FR", countryName: "France", phone: "+33612345678", createdAt: todayAt(0) }),
    ].reverse();
    audit = [];
    server = fakeServer(users, audit);
    vi.stubGlobal("fetch", server.fetch);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    window.history.replaceState(null, "", "/");
  });

  it("should load the view of the address and show its matching count when a shared link opens", async () => {
    await start("/?country=FR&from=2026-01-01");

    await waitFor(() => expect(rowIds()).toEqual([users.find((user) => user.countryCode === "FR")?.id]));
    await waitFor(() => expect(screen.getByTestId("matching-count").textContent).toBe("1 matching user"));
    const list = server.requests.map((request) => new URL(request.url)).find((url) => url.pathname === "/api/v1/users");
    expect(Object.fromEntries(list?.searchParams ?? [])).toMatchObject({ country: "FR", registeredFrom: "2026-01-01", order: "newest" });
    expect(screen.getByTestId<HTMLInputElement>("filter-from").value).toBe("2026-01-01");
  });

  it("should write a chosen filter into the address when the country changes", async () => {
    await start();
    await waitFor(() => expect(rowIds()).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("filter-country").querySelectorAll("option")).toHaveLength(3));

    fireEvent.change(screen.getByTestId("filter-country"), { target: { value: "LU" } });

    expect(window.location.search).toBe("?country=LU");
    await waitFor(() => expect(rowIds()).toHaveLength(1));
    fireEvent.click(screen.getByTestId("clear-filters"));
    expect(window.location.search).toBe("");
  });

  it("should show the previous view again when the browser goes back", async () => {
    await start();
    await waitFor(() => expect(screen.getByTestId("filter-country").querySelectorAll("option")).toHaveLength(3));
    fireEvent.change(screen.getByTestId("filter-country"), { target: { value: "FR" } });
    await waitFor(() => expect(rowIds()).toHaveLength(1));

    act(() => {
      window.history.back();
    });

    await waitFor(() => expect(window.location.search).toBe(""));
    await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>("filter-country").value).toBe(""));
    await waitFor(() => expect(rowIds()).toHaveLength(2));
  });

  it("should count a live user at once and insert it only where it matches the filters", async () => {
    const socket = await start("/?country=LU");
    await waitFor(() => expect(screen.getByTestId("stat-total").textContent).toBe("2"));
    await waitFor(() => expect(screen.getByTestId("matching-count").textContent).toBe("1 matching user"));
    act(() => socket?.serverConnect(true));

    const french = makeUser({ countryCode: "FR", countryName: "France", createdAt: todayAt(2) });
    const luxembourger = makeUser({ countryCode: "LU", createdAt: todayAt(3) });
    act(() => {
      socket?.emit("users.created", french);
      socket?.emit("users.created", luxembourger);
    });
    await settle();

    expect(rowIds()).toEqual([luxembourger.id, users[1]?.id]);
    expect(screen.getByTestId("stat-total").textContent).toBe("4");
    expect(screen.getByTestId("stat-today").textContent).toBe("4");
    expect(screen.getByTestId("matching-count").textContent).toBe("2 matching users");
    const today = screen.getByTestId("registrations-chart").querySelectorAll("rect")[29];
    expect(today?.getAttribute("data-count")).toBe("4");
  });

  it("should reload the statistics after a deletion when the socket reports one", async () => {
    const socket = await start();
    await waitFor(() => expect(screen.getByTestId("stat-total").textContent).toBe("2"));
    act(() => socket?.serverConnect(true));
    const gone = users.pop() as PublicUser;

    act(() => socket?.emit("users.deleted", { id: gone.id }));

    await waitFor(() => expect(screen.getByTestId("stat-total").textContent).toBe("1"), { timeout: 2_000 });
  });

  it("should open a user's details from the row, focus them, and close them with Escape", async () => {
    await start("/?q=ahmed");
    await waitFor(() => expect(rowIds()).toHaveLength(1));
    const link = screen.getByTestId("open-user");
    link.focus();

    fireEvent.click(link);

    const panel = await screen.findByTestId("user-panel");
    expect(window.location.pathname).toBe(`/users/${users[1]?.id}`);
    expect(window.location.search).toBe("?q=ahmed");
    expect(document.activeElement).toBe(within(panel).getByRole("heading"));
    expect(within(panel).getByTestId("panel-phone").textContent).toBe("+352 691 234 567");

    fireEvent.keyDown(document.activeElement as Element, { key: "Escape" });

    await waitFor(() => expect(screen.queryByTestId("user-panel")).toBeNull());
    expect(window.location.pathname).toBe("/");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("open-user")));
  });

  it("should load a user from a deep link and say so when the user does not exist", async () => {
    await start(`/users/${users[0]?.id}`);
    expect(await screen.findByRole("heading", { name: users[0]?.fullName })).toBeTruthy();
    cleanup();

    await start("/users/00000000-0000-4000-8000-00000000dead");
    expect(await screen.findByTestId("user-missing")).toBeTruthy();
  });

  it("should focus the search when slash is pressed outside a text field", async () => {
    await start();
    await waitFor(() => expect(rowIds()).toHaveLength(2));

    fireEvent.keyDown(document.body, { key: "/" });

    expect(document.activeElement).toBe(screen.getByTestId("search-box"));
  });

  it("should hand the server's download link for the view to the browser when the export can start", async () => {
    const followed: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      followed.push(this.getAttribute("href") ?? "");
    });
    await start("/?country=FR");

    fireEvent.click(screen.getByTestId("export-csv"));

    await waitFor(() =>
      expect(screen.getByTestId("export-status").textContent).toBe(
        "The download has started: your browser shows its progress and saves the file.",
      ),
    );
    const asked = server.requests.map((request) => new URL(request.url)).find((url) => url.pathname === "/api/v1/users/export/links");
    expect(asked?.search).toBe("?country=FR&order=newest");
    expect(followed).toEqual(["/api/v1/users/export/download?link=a.signed.link"]);
  });

  it("should say when to try again when the server limits exports", async () => {
    server.onExport(() => problemResponse(429, "Too many exports", { "retry-after": "42" }));
    await start();

    fireEvent.click(screen.getByTestId("export-csv"));

    await waitFor(() => expect(screen.getByTestId("export-status").textContent).toBe("Too many exports, try again in 42 seconds."));
    expect(screen.getByTestId("export-status").getAttribute("role")).toBe("alert");
  });
});
