import type { AuditEntry } from "@moien/contracts";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/app";
import { createServices } from "../app/services";
import { aCurrentSession } from "../test/factories";
import { fakeServer } from "../test/fake-server";

vi.mock("../api/socket-client", async () => {
  const { FakeSocket } = await import("../test/fake-socket");
  return { createUsersSocket: (url: string) => new FakeSocket(url, ""), createAuditSocket: (url: string) => new FakeSocket(url, "") };
});

const admin = { id: "10000000-0000-4000-8000-000000000001", email: "admin@moien.test" };
const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: String(Math.random()),
  at: "2026-12-01T09:00:00.000Z",
  action: "admin.signed_in",
  actor: admin,
  target: null,
  details: {},
  requestId: "req-1",
  ...overrides,
});

describe("AuditPage", () => {
  let server: ReturnType<typeof fakeServer>;

  const start = (language: "en" | "ar", path = "/audit") => {
    localStorage.setItem("moien.admin.language", language);
    window.history.replaceState(null, "", path);
    const services = createServices("http://api.test", { checkSession: false });
    services.session.signIn(aCurrentSession("admin"));
    render(<App services={services} />);
  };

  beforeEach(() => {
    sessionStorage.clear();
    server = fakeServer(
      [],
      [
        entry({ action: "user.deleted", target: { id: "00000000-0000-4000-8000-000000000042" } }),
        entry({ action: "user.erased", actor: null, target: { id: "00000000-0000-4000-8000-000000000043" } }),
        entry({ action: "users.exported", details: { filters: { country: ["LU"], search: true }, order: "newest" } }),
      ],
    );
    vi.stubGlobal("fetch", server.fetch);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    window.history.replaceState(null, "", "/");
  });

  it("should list actions in words with the actor's email and the target when the page opens", async () => {
    start("en");

    const rows = await screen.findAllByTestId("audit-row");
    expect(rows.map((row) => row.children[1]?.textContent)).toEqual(["Deleted a user", "Erased own account", "Exported users to CSV"]);
    expect(rows[0]?.textContent).toContain("admin@moien.test");
    expect(rows[0]?.textContent).toContain("00000000-0000-4000-8000-000000000042");
    expect(rows[1]?.querySelector('[data-testid="audit-actor"]')?.textContent).toBe("The user (own account)");
    expect([...(rows[2]?.querySelectorAll(".audit-table__detail") ?? [])].map((detail) => detail.textContent)).toEqual([
      "Order: newest first",
      "Search: yes (text not kept)",
      "Country: LU",
    ]);
    expect(screen.getByTestId("nav-audit").getAttribute("aria-current")).toBe("page");
  });

  it("should ask the server for one action and keep it in the address when filtered", async () => {
    start("en");
    await screen.findAllByTestId("audit-row");

    fireEvent.change(screen.getByTestId("audit-action"), { target: { value: "user.deleted" } });

    expect(window.location.search).toBe("?action=user.deleted");
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(1));
    expect(server.requests.some((request) => new URL(request.url).searchParams.get("action") === "user.deleted")).toBe(true);
  });

  it("should name the actions in Arabic when the language is Arabic", async () => {
    start("ar");

    const rows = await screen.findAllByTestId("audit-row");
    expect(rows[0]?.children[1]?.textContent).toBe("حذف مستخدمًا");
    expect(screen.getByTestId("audit-count").textContent).toBe("تم تحميل ٣ إدخالات");
  });

  it("should go back to the users when the Users link is followed", async () => {
    start("en");
    await screen.findAllByTestId("audit-row");

    fireEvent.click(screen.getByTestId("nav-users"));

    expect(window.location.pathname).toBe("/");
    expect(await screen.findByTestId("stats")).toBeTruthy();
  });
});
