import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, registration } from "./support/api";
import { row, rowIds, signIn, useBrowserApp } from "./support/browser";
import { watchViolations } from "./support/csp";

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

// Contract, "Admin dashboard": edit and suspend from the panel; in another operator's browser the row
// changes in place, leaves a view it no longer matches, and carries a Suspended badge that follows the events.
describe("a user's lifecycle in two operators' consoles", () => {
  const suite = useBrowserApp();
  let editor: Page;
  let watcher: Page;
  let violations: string[];

  const open = async () => {
    const context = await suite.browser.newContext({ locale: "en-US", viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    violations.push(...(await watchViolations(page)));
    await page.goto(suite.app.url);
    await signIn(page, suite.app.admin);
    return page;
  };
  const openPanel = async (page: Page, id: string) => {
    await row(page, id).getByTestId("open-user").click();
    await page.getByTestId("panel-edit").waitFor();
  };

  beforeAll(async () => {
    violations = [];
    [editor, watcher] = [await open(), await open()];
  });
  afterAll(() => expect(violations).toEqual([]));

  it("should change the row in place in the other browser when a user is edited, and show a 409 on its field", async () => {
    const taken = await registerUser(suite.app.url, registration());
    const user = await registerUser(suite.app.url, registration({ fullName: "Karim Haddad" }));
    await row(watcher, user.id).waitFor();
    await row(editor, user.id).waitFor();
    const before = await rowIds(watcher);

    await openPanel(editor, user.id);
    await editor.getByTestId("panel-edit").click();
    await editor.getByTestId("edit-fullName").fill("K");
    expect(await editor.getByTestId("edit-fullName-error").textContent()).toBe("Enter 2 to 100 characters, with letters.");
    await editor.getByTestId("edit-fullName").fill("Karim Haddad-Schmit");
    await editor.getByTestId("edit-email").fill(taken.email);
    await editor.getByTestId("edit-save").click();
    await expect.poll(() => editor.getByTestId("edit-email-error").textContent()).toBe("This email is already registered.");
    await editor.screenshot({ path: screenshot("panel-edit-en") });

    await editor.getByTestId("edit-email").fill(user.email);
    await editor.getByTestId("edit-save").click();
    await editor.getByTestId("panel-edit").waitFor();
    expect(await editor.getByTestId("user-panel").locator("h2").textContent()).toContain("Karim Haddad-Schmit");

    const renamed = row(watcher, user.id).getByTestId("open-user");
    await expect.poll(() => renamed.textContent(), { timeout: 2_000 }).toBe("Karim Haddad-Schmit");
    expect(await row(watcher, user.id).getAttribute("class")).toContain("users-table__row--new");
    expect(await rowIds(watcher)).toEqual(before); // in place: same order, no row added
    await expect.poll(() => watcher.getByTestId("live-announcer").textContent()).toContain("Updated: Karim Haddad-Schmit");
  });

  it("should show the Suspended badge in the other browser when a user is suspended, and take it away on reinstatement", async () => {
    const user = await registerUser(suite.app.url, registration({ fullName: "Nadia Benali" }));
    await row(watcher, user.id).waitFor();
    await row(editor, user.id).waitFor();
    await openPanel(editor, user.id);
    await editor.getByTestId("panel-suspend").click();
    await editor.getByTestId("suspend-reason").fill("Chargebacks on three orders");
    await editor.screenshot({ path: screenshot("panel-suspend-en") });
    await editor.getByTestId("suspend-confirm").click();
    await editor.getByTestId("panel-reinstate").waitFor();
    expect(await editor.getByTestId("panel-suspension-reason").textContent()).toBe("Chargebacks on three orders");

    const badge = row(watcher, user.id).getByTestId("suspended-badge");
    await badge.waitFor({ timeout: 2_000 });
    await openPanel(watcher, user.id);
    // The reason is not in the event: the other console reloads the list for it.
    await watcher.getByTestId("panel-suspension-reason").waitFor({ timeout: 3_000 });
    await editor.screenshot({ path: screenshot("panel-suspended-en") });
    await watcher.screenshot({ path: screenshot("console-suspended-en") });

    await editor.getByTestId("panel-reinstate").click();
    await badge.waitFor({ state: "detached", timeout: 2_000 });
    await watcher.getByTestId("panel-suspend").waitFor();
  });

  it("should take an edited user out of a filtered view it no longer matches", async () => {
    const user = await registerUser(suite.app.url, registration({ fullName: "Luc Weber", countryCode: "LU" }));
    await watcher.goto(`${suite.app.url}/?country=LU`);
    await row(watcher, user.id).waitFor();
    await row(editor, user.id).waitFor();
    await openPanel(editor, user.id);
    await editor.getByTestId("panel-edit").click();
    await editor.getByTestId("edit-countryCode").fill("FR");
    await editor.getByTestId("edit-phone").fill("+33611223344");
    await editor.getByTestId("edit-save").click();
    await editor.getByTestId("panel-edit").waitFor();
    await row(watcher, user.id).waitFor({ state: "detached", timeout: 2_000 });
  });

  it("should show the edit and suspend forms and the badge in Arabic, right to left", async () => {
    const user = await registerUser(suite.app.url, registration({ fullName: "فاطمة الزهراء" }));
    await watcher.goto(suite.app.url);
    await row(watcher, user.id).waitFor();
    await row(editor, user.id).waitFor();
    await editor.getByTestId("language-switch").selectOption("ar");
    await openPanel(editor, user.id);
    await editor.getByTestId("panel-edit").click();
    await editor.getByTestId("edit-fullName").fill("ف");
    await editor.getByTestId("edit-fullName-error").waitFor();
    await editor.screenshot({ path: screenshot("panel-edit-ar") });
    await editor.getByRole("button", { name: "إلغاء" }).click();
    await editor.getByTestId("panel-suspend").click();
    await editor.getByTestId("suspend-reason").fill("بلاغات احتيال متكررة");
    await editor.screenshot({ path: screenshot("panel-suspend-ar") });
    await editor.getByTestId("suspend-confirm").click();
    await row(editor, user.id).getByTestId("suspended-badge").waitFor();
    await editor.getByTestId("panel-reinstate").waitFor();
    await editor.screenshot({ path: screenshot("panel-suspended-ar") });
    expect(await editor.locator("html").getAttribute("dir")).toBe("rtl");
    await editor.getByTestId("language-switch").selectOption("en");
  });
});
