import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/app";
import { createServices } from "../app/services";
import { fakeServer, problemResponse } from "../test/fake-server";

vi.mock("../api/socket-client", async () => {
  const { FakeSocket } = await import("../test/fake-socket");
  return { createUsersSocket: (url: string, token: string) => new FakeSocket(url, token) };
});

async function submit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText("Email"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("LoginPage", () => {
  let server: ReturnType<typeof fakeServer>;

  beforeEach(() => {
    sessionStorage.clear();
    localStorage.setItem("moien.admin.language", "en");
    server = fakeServer([]);
    vi.stubGlobal("fetch", server.fetch);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("should say the credentials are wrong when the server answers 401", async () => {
    server.onLogin(() => problemResponse(401, "Invalid credentials"));
    render(<App services={createServices("http://api.test")} />);

    await submit("admin@moien.test", "wrong");

    expect((await screen.findByRole("alert")).textContent).toBe("Wrong email or password");
  });

  it("should refuse the dashboard when the account has the user role", async () => {
    server.onLogin(() => Response.json({ accessToken: "t", tokenType: "Bearer", expiresIn: 60, role: "user" }));
    const services = createServices("http://api.test");
    render(<App services={services} />);

    await submit("someone@example.com", "correct-horse-1");

    expect((await screen.findByRole("alert")).textContent).toBe("This account is not an administrator");
    expect(services.session.getState().session).toBeNull();
  });

  it("should open the users table when an administrator signs in", async () => {
    render(<App services={createServices("http://api.test")} />);

    await submit("admin@moien.test", "admin-password-1");

    expect(await screen.findByTestId("connection-state")).toBeTruthy();
    expect(screen.getByTestId("search-box")).toBeTruthy();
  });

  it("should show the expiry message when the session ends while the table is open", async () => {
    const services = createServices("http://api.test");
    render(<App services={services} />);
    await submit("admin@moien.test", "admin-password-1");
    await screen.findByTestId("connection-state");

    services.session.expire();

    expect((await screen.findByTestId("session-notice")).textContent).toBe("Your session has expired, please sign in again");
  });
});
