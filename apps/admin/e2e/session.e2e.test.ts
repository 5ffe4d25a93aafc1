import { describe, expect, it } from "vitest";
import { registerUser, registration } from "./support/api";
import { openPage, signIn, useBrowserApp } from "./support/browser";

describe("dashboard sessions", () => {
  // Tokens live four seconds: long enough to sign in, short enough to watch them expire.
  const suite = useBrowserApp({ env: { JWT_TTL: "4s" } });

  it("should return to the sign-in page with a message when the session expires", async () => {
    const page = await openPage(suite.browser, suite.app.url);
    await signIn(page, suite.app.admin);

    await page.getByTestId("session-notice").waitFor({ timeout: 10_000 });

    expect(await page.getByTestId("session-notice").textContent()).toBe("Your session has expired, please sign in again");
    expect(await page.getByLabel("Password").isVisible()).toBe(true);
    await page.context().close();
  });

  it("should refuse the dashboard when the account is not an administrator", async () => {
    const body = registration({ email: "plain.user@example.com" });
    await registerUser(suite.app.url, body);
    const page = await openPage(suite.browser, suite.app.url);

    await page.getByLabel("Email").fill(body.email);
    await page.getByLabel("Password").fill(body.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect.poll(() => page.getByRole("alert").textContent()).toBe("This account is not a Moien operator");
    expect(await page.getByTestId("connection-state").count()).toBe(0);
    await page.context().close();
  });
});
