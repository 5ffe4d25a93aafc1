import { describe, expect, it } from "vitest";
import { registerUser } from "./support/api";
import { watchViolations } from "./support/csp";
import { row, signIn, useBrowserApp } from "./support/browser";

describe("the production Content-Security-Policy", () => {
  const suite = useBrowserApp();

  it("should let the dashboard sign in, go live and receive events without a single violation", async () => {
    const page = await (await suite.browser.newContext()).newPage();
    const violations = await watchViolations(page);
    const response = await page.goto(suite.app.url);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
    await signIn(page, suite.app.admin);
    const user = await registerUser(suite.app.url);
    await row(page, user.id).waitFor({ timeout: 5_000 });
    await page.getByTestId("language-switch").selectOption("ar");
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
  });

  it("should render the API docs page under the same policy", async () => {
    const page = await (await suite.browser.newContext()).newPage();
    const violations = await watchViolations(page);
    await page.goto(`${suite.app.url}/api/docs`);
    await page.locator(".swagger-ui .opblock").first().waitFor({ timeout: 10_000 });
    expect(await page.locator(".swagger-ui .opblock").count()).toBeGreaterThanOrEqual(6);
    expect(violations).toEqual([]);
  });
});
