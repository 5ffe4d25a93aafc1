import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../app/app";
import { createServices } from "../app/services";
import { aCurrentSession } from "../test/factories";
import { fakeServer, problemResponse } from "../test/fake-server";

vi.mock("../api/socket-client", async () => {
  const { FakeSocket } = await import("../test/fake-socket");
  return { createUsersSocket: (url: string) => new FakeSocket(url, "") };
});

async function submit(email: string, password: string) {
  fireEvent.change(await screen.findByLabelText("Email"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

const challenge = (mfa: "verify" | "enroll") => Response.json({ mfa, challenge: "c-1", expiresIn: 300 });

describe("LoginPage", () => {
  let server: ReturnType<typeof fakeServer>;

  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
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

  it("should refuse the console when the account has the user role", async () => {
    server.onLogin(() => Response.json({ accessToken: "t", tokenType: "Bearer", expiresIn: 60, role: "user" }));
    const services = createServices("http://api.test");
    render(<App services={services} />);

    await submit("someone@example.com", "correct-horse-1");

    expect((await screen.findByRole("alert")).textContent).toBe("This account is not a Moien operator");
    expect(services.session.getState().session).toBeNull();
  });

  it("should open the users table when an operator signs in, keeping nothing of the session in web storage", async () => {
    render(<App services={createServices("http://api.test")} />);

    await submit("admin@moien.test", "admin-password-1");

    expect(await screen.findByTestId("connection-state")).toBeTruthy();
    expect(screen.getByTestId("search-box")).toBeTruthy();
    expect(sessionStorage.length).toBe(0);
    expect(Object.keys(localStorage)).toEqual(["moien.admin.language"]);
  });

  it("should ask for a code when the operator has a factor, and say so when the code is wrong", async () => {
    server.onLogin(() => challenge("verify"));
    let attempts = 0;
    const original = server.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((input instanceof Request ? input.url : input.toString()).endsWith("/api/v1/auth/mfa/verify")) {
        attempts += 1;
        if (attempts === 1) return problemResponse(401, "wrong");
        await original("http://api.test/api/v1/auth/login", { method: "POST", body: "{}" }); // the fake's session starts here
        return Response.json({ accessToken: "t", tokenType: "Bearer", expiresIn: 60, role: "admin" });
      }
      return original(input, init);
    });
    server.onLogin(() => challenge("verify"));
    render(<App services={createServices("http://api.test")} />);
    await submit("admin@moien.test", "admin-password-1");

    const code = await screen.findByTestId("mfa-code");
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");
    fireEvent.change(code, { target: { value: "123456" } });
    fireEvent.click(screen.getByTestId("mfa-submit"));
    expect((await screen.findByRole("alert")).textContent).toContain("This code is wrong");
    fireEvent.click(screen.getByTestId("mfa-submit"));
    expect(await screen.findByTestId("connection-state")).toBeTruthy();
  });

  it("should walk a first sign-in through a new password, the QR code and the secret, then show the recovery codes once", async () => {
    server.onLogin(() => challenge("enroll"));
    const original = server.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.endsWith("/api/v1/auth/mfa/enroll")) {
        return Response.json({
          secret: "JBSWY3DPEHPK3PXPJBSWY3DP",
          otpauthUri: "otpauth://totp/Moien%20Delivery:new%40moien.test?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Moien%20Delivery",
          factorRequired: true,
          passwordChangeRequired: true,
        });
      }
      if (url.endsWith("/api/v1/auth/mfa/enroll/confirm")) {
        server.signsIn(aCurrentSession("support"));
        server.onLogin(() => Response.json({ accessToken: "t", tokenType: "Bearer", expiresIn: 60, role: "support" }));
        await original("http://api.test/api/v1/auth/login", { method: "POST", body: "{}" });
        return Response.json({
          accessToken: "t",
          tokenType: "Bearer",
          expiresIn: 60,
          role: "support",
          recoveryCodes: Array.from({ length: 10 }, (_, i) => `abcd-efgh-${String(i).padStart(2, "0")}`),
        });
      }
      return original(input, init);
    });
    render(<App services={createServices("http://api.test")} />);
    await submit("new@moien.test", "one-time-password");

    expect((await screen.findByTestId("enroll-qr")).querySelector("path")?.getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(screen.getByTestId("enroll-secret").textContent).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP");
    fireEvent.change(screen.getByTestId("enroll-password"), { target: { value: "my-new-password" } });
    fireEvent.change(screen.getByTestId("enroll-password-confirm"), { target: { value: "another-password" } });
    fireEvent.change(screen.getByTestId("enroll-code"), { target: { value: "123456" } });
    fireEvent.click(screen.getByTestId("enroll-submit"));
    expect((await screen.findByRole("alert")).textContent).toBe("The two passwords differ.");
    fireEvent.change(screen.getByTestId("enroll-password-confirm"), { target: { value: "my-new-password" } });
    fireEvent.click(screen.getByTestId("enroll-submit"));

    expect((await screen.findByTestId("recovery-codes")).querySelectorAll("li")).toHaveLength(10);
    fireEvent.click(screen.getByTestId("recovery-done"));
    expect(await screen.findByTestId("connection-state")).toBeTruthy();
    // A support operator: no delete, no export, no audit or operators page.
    expect(screen.queryByTestId("export-csv")).toBeNull();
    expect(screen.queryByTestId("nav-audit")).toBeNull();
    expect(screen.queryByTestId("nav-operators")).toBeNull();
    expect(screen.getByTestId("nav-sessions")).toBeTruthy();
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
