import { describe, expect, it } from "vitest";
import { useBrowserApp } from "./support/browser";

describe("the /api/docs page in a browser", () => {
  const suite = useBrowserApp();

  it("should load without a console error, a failed request or an error status, and show each event's field table", async () => {
    const page = await (await suite.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));

    await page.goto(`${suite.app.url}/api/docs`);
    await page.locator(".swagger-ui .opblock").first().waitFor({ timeout: 10_000 });
    await page.waitForLoadState("networkidle");

    expect(problems).toEqual([]);
    expect(requested).toContain("/api/docs/favicon.svg");
    const created = page.locator("#event-users\\.created table.fields");
    await expect(created.locator("tbody tr").count()).resolves.toBe(7);
    expect(await created.locator("tbody tr").first().locator("td").allInnerTexts()).toEqual([
      "id",
      "string (uuid)",
      expect.stringContaining("UUID"),
      "yes",
    ]);
    expect(await page.locator("#event-users\\.deleted table.fields tbody tr").count()).toBe(1);
    if (process.env.DOCS_SCREENSHOT) await page.screenshot({ path: process.env.DOCS_SCREENSHOT, fullPage: true });
  });
});
