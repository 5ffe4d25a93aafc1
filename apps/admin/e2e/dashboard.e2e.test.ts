import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteUser, registerUser, registration, userExists } from "./support/api";
import { connectionState, openPage, row, rowIds, signIn, useBrowserApp } from "./support/browser";

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

// A few realistic users so the screenshots show names in both scripts and several countries.
const showcase = [
  { fullName: "Ahmed Mohamed Ali", countryCode: "LU", phone: "+352691234567", email: "ahmed@example.com" },
  { fullName: "Sophie Muller", countryCode: "DE", phone: "+491701234567", email: "sophie.muller@example.de" },
  { fullName: "فاطمة الزهراء بنعلي", countryCode: "MA", phone: "+212612345678", email: "fatima@example.ma" },
  { fullName: "Jean-Luc Reuter", countryCode: "FR", phone: "+33612345678", email: "jl.reuter@example.fr" },
  { fullName: "محمد عبد الله", countryCode: "EG", phone: "+201001234567", email: "m.abdallah@example.eg" },
];

describe("admin dashboard against the built API", () => {
  const suite = useBrowserApp();
  let adminToken: string;
  let dashboard: Page;

  beforeAll(async () => {
    adminToken = await suite.app.adminToken();
    for (const user of showcase) await registerUser(suite.app.url, registration(user));
  });

  it("should refuse a wrong password and then sign in when the credentials are right", async () => {
    dashboard = await openPage(suite.browser, suite.app.url);
    await dashboard.getByLabel("Email").waitFor();
    await dashboard.screenshot({ path: screenshot("login"), fullPage: true });
    // The sign-in page in Arabic too (the choice is offered before signing in, and remembered).
    await dashboard.getByTestId("language-switch").selectOption("ar");
    expect(await dashboard.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await dashboard.screenshot({ path: screenshot("login-ar"), fullPage: true });
    await dashboard.getByTestId("language-switch").selectOption("en");

    await dashboard.getByLabel("Email").fill(suite.app.admin.email);
    await dashboard.getByLabel("Password").fill("not-the-password");
    await dashboard.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => dashboard.getByRole("alert").textContent()).toBe("Wrong email or password");

    await signIn(dashboard, suite.app.admin);
    await expect.poll(() => rowIds(dashboard)).toHaveLength(showcase.length);
    expect(await dashboard.locator('[data-testid="user-row"]').first().locator('[role="cell"]').first().textContent()).toBe(
      showcase[showcase.length - 1]?.fullName,
    );
    await dashboard.screenshot({ path: screenshot("table-en"), fullPage: true });
    await dashboard.getByTestId("delete-user").first().click();
    await dashboard.getByTestId("delete-dialog").waitFor();
    await dashboard.screenshot({ path: screenshot("delete-dialog-en") });
    await dashboard.keyboard.press("Escape");
    await dashboard.getByTestId("delete-dialog").waitFor({ state: "detached" });
  });

  it("should show a registered user at the top within a second exactly once when it registers through the API", async () => {
    const before = await rowIds(dashboard);
    const started = Date.now();
    const user = await registerUser(suite.app.url, registration({ fullName: "Live Arrival" }));

    await row(dashboard, user.id).waitFor({ timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_500);
    await dashboard.waitForTimeout(300);
    const after = await rowIds(dashboard);
    expect(after[0]).toBe(user.id);
    expect(after.filter((id) => id === user.id)).toHaveLength(1);
    expect(after).toHaveLength(before.length + 1);
    await expect.poll(() => dashboard.getByTestId("live-announcer").textContent()).toBe("New user: Live Arrival");
  });

  it("should remove a row when the user is deleted through the API", async () => {
    const user = await registerUser(suite.app.url);
    await row(dashboard, user.id).waitFor({ timeout: 2_000 });

    await deleteUser(suite.app.url, adminToken, user.id);

    await row(dashboard, user.id).waitFor({ state: "detached", timeout: 2_000 });
  });

  it("should delete through the table and make the row vanish on a second dashboard when confirmed", async () => {
    const user = await registerUser(suite.app.url, registration({ fullName: "Doomed Row" }));
    const second = await openPage(suite.browser, suite.app.url);
    await signIn(second, suite.app.admin);
    await row(dashboard, user.id).waitFor();
    await row(second, user.id).waitFor();

    await row(dashboard, user.id).getByTestId("delete-user").click();
    const dialog = dashboard.getByRole("dialog", { name: "Delete this user?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Doomed Row");
    await dashboard.getByTestId("confirm-delete").click();

    await row(dashboard, user.id).waitFor({ state: "detached", timeout: 1_000 });
    await row(second, user.id).waitFor({ state: "detached", timeout: 2_000 });
    await expect.poll(() => userExists(suite.app.url, adminToken, user.id)).toBe(false);
    expect(await dashboard.getByTestId("delete-error").count()).toBe(0);
    await second.context().close();
  });

  it("should keep the row when the deletion is cancelled", async () => {
    const user = await registerUser(suite.app.url);
    await row(dashboard, user.id).waitFor();

    await row(dashboard, user.id).getByTestId("delete-user").click();
    await dashboard.keyboard.press("Escape");

    await dashboard.getByTestId("delete-dialog").waitFor({ state: "detached" });
    expect(await row(dashboard, user.id).count()).toBe(1);
    expect(await userExists(suite.app.url, adminToken, user.id)).toBe(true);
  });

  it("should insert only matching users when a search is active", async () => {
    await dashboard.getByTestId("search-box").fill("mohamed");
    await expect.poll(() => rowIds(dashboard)).toHaveLength(1);

    const match = await registerUser(suite.app.url, registration({ fullName: "Mohamed Live Match" }));
    const other = await registerUser(suite.app.url, registration({ fullName: "Unrelated Person" }));

    await row(dashboard, match.id).waitFor({ timeout: 1_000 });
    await dashboard.waitForTimeout(300);
    expect(await row(dashboard, other.id).count()).toBe(0);
    expect(await rowIds(dashboard)).toHaveLength(2);

    await dashboard.getByTestId("search-box").fill("");
    await row(dashboard, other.id).waitFor();
  });

  it("should load the next page when the table is scrolled to the end", async () => {
    const existing = (await rowIds(dashboard)).length;
    const extra = 55;
    await Promise.all(Array.from({ length: extra }, () => registerUser(suite.app.url)));
    // The live rows are already here; a reload shows the paging itself.
    await dashboard.reload();
    await connectionState(dashboard).and(dashboard.locator('[data-state="live"]')).waitFor();
    await expect.poll(() => dashboard.getByTestId("loaded-count").textContent()).toBe("50 loaded");

    await dashboard.locator(".table-scroll").evaluate((element) => element.scrollTo({ top: element.scrollHeight }));

    await expect.poll(() => dashboard.getByTestId("loaded-count").textContent()).toBe(`${existing + extra} loaded`);
  });

  it("should show reconnecting when the server stops and live again without duplicates when it is back", async () => {
    await dashboard.locator(".table-scroll").evaluate((element) => element.scrollTo({ top: 0 }));
    await suite.app.stop();
    await expect.poll(() => connectionState(dashboard).getAttribute("data-state"), { timeout: 10_000 }).toBe("reconnecting");

    await suite.app.restart();
    const missed = await registerUser(suite.app.url, registration({ fullName: "Registered During Reconnect" }));

    await expect.poll(() => connectionState(dashboard).getAttribute("data-state"), { timeout: 15_000 }).toBe("live");
    await row(dashboard, missed.id).waitFor({ timeout: 5_000 });
    const after = await registerUser(suite.app.url, registration({ fullName: "After Reconnect" }));
    await row(dashboard, after.id).waitFor({ timeout: 1_000 });
    await dashboard.waitForTimeout(300);
    const ids = await rowIds(dashboard);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 2)).toEqual([after.id, missed.id]);
  });

  it("should switch to a right-to-left Arabic layout and remember it when Arabic is chosen", async () => {
    await dashboard.getByTestId("language-switch").selectOption("ar");

    expect(await dashboard.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(["rtl", "ar"]);
    const date = await dashboard.locator('[data-testid="user-row"] time').first().textContent();
    expect(date).toMatch(/[٠-٩]/);
    await dashboard.screenshot({ path: screenshot("table-ar"), fullPage: true });
    await dashboard.getByTestId("delete-user").first().click();
    await dashboard.getByTestId("delete-dialog").waitFor();
    await dashboard.screenshot({ path: screenshot("delete-dialog-ar") });
    await dashboard.keyboard.press("Escape");
    await dashboard.getByTestId("delete-dialog").waitFor({ state: "detached" });

    await dashboard.reload();
    await dashboard.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
    expect(await dashboard.evaluate(() => document.documentElement.dir)).toBe("rtl");
    expect(await connectionState(dashboard).textContent()).toBe("مباشر");
    await dashboard.getByTestId("language-switch").selectOption("en");
    expect(await dashboard.evaluate(() => document.documentElement.dir)).toBe("ltr");
  });

  it("should return to the sign-in page when the admin signs out", async () => {
    await dashboard.getByTestId("sign-out").click();

    await dashboard.getByLabel("Password").waitFor();
    expect(await dashboard.locator('[data-testid="user-row"]').count()).toBe(0);
  });
});
