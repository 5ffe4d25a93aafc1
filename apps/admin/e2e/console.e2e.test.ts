import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteUser, registerUser, registration, userExists } from "./support/api";
import { row, rowIds, signIn, useBrowserApp } from "./support/browser";
import { watchViolations } from "./support/csp";

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));
const today = () => new Date().toISOString().slice(0, 10);

const showcase = [
  { fullName: "Ahmed Mohamed Ali", countryCode: "LU", phone: "+352691234567", email: "ahmed@example.com" },
  { fullName: "Sophie Muller", countryCode: "DE", phone: "+491701234567", email: "sophie.muller@example.de" },
  { fullName: "فاطمة الزهراء بنعلي", countryCode: "MA", phone: "+212612345678", email: "fatima@example.ma" },
  { fullName: "Jean-Luc Reuter", countryCode: "FR", phone: "+33612345678", email: "jl.reuter@example.fr" },
  { fullName: "Camille Dubois", countryCode: "FR", phone: "+33698765432", email: "camille@example.fr" },
  { fullName: "محمد عبد الله", countryCode: "EG", phone: "+201001234567", email: "m.abdallah@example.eg" },
];

const stat = async (page: Page, key: "total" | "today" | "last7Days") =>
  Number(await page.getByTestId(`stat-${key}`).getAttribute("data-value"));
const todayBar = (page: Page) => page.locator(`[data-testid="registrations-chart"] rect[data-date="${today()}"]`);
const matching = async (page: Page) => Number(await page.getByTestId("matching-count").getAttribute("data-total"));

describe("the operator's console against the built API", () => {
  // The suites turn the export limit off; this one needs it, at a few a minute.
  const suite = useBrowserApp({ env: { RATE_LIMIT_EXPORT: "3" } });
  let token: string;
  let page: Page;
  let violations: string[];

  const api = async (path: string) => {
    const response = await fetch(`${suite.app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json() as Promise<{ total: number; items: { id: string }[] }>;
  };

  beforeAll(async () => {
    token = await suite.app.adminToken();
    for (const user of showcase) await registerUser(suite.app.url, registration(user));
    const context = await suite.browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 820 }, acceptDownloads: true });
    page = await context.newPage();
    violations = await watchViolations(page);
    await page.goto(suite.app.url);
    await signIn(page, suite.app.admin);
    await page.getByTestId("stat-total").waitFor();
  });

  it("should move the statistics and the chart when users register and are deleted through the API", async () => {
    await expect.poll(() => stat(page, "total")).toBe(showcase.length);
    expect(await stat(page, "today")).toBe(showcase.length);
    expect(await todayBar(page).getAttribute("data-count")).toBe(String(showcase.length));
    await page.screenshot({ path: screenshot("console-en") });

    const user = await registerUser(suite.app.url, registration({ countryCode: "LU" }));
    await expect.poll(() => stat(page, "total"), { timeout: 1_500 }).toBe(showcase.length + 1);
    expect(await stat(page, "today")).toBe(showcase.length + 1);
    expect(await stat(page, "last7Days")).toBe(showcase.length + 1);
    expect(await todayBar(page).getAttribute("data-count")).toBe(String(showcase.length + 1));
    expect(await page.locator('[data-testid="top-countries"] [data-country="LU"]').textContent()).toContain("2");

    const started = Date.now();
    await deleteUser(suite.app.url, token, user.id);
    await expect.poll(() => stat(page, "total"), { timeout: 2_000, interval: 100 }).toBe(showcase.length);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await todayBar(page).getAttribute("data-count")).toBe(String(showcase.length));
  });

  it("should filter by country and date, show the server's count and keep the view in the address", async () => {
    await page.getByTestId("filter-country").selectOption("FR");
    await page.getByTestId("filter-from").fill(today());
    await page.getByTestId("filter-to").fill(today());

    await expect.poll(() => new URL(page.url()).search).toBe(`?country=FR&from=${today()}&to=${today()}`);
    const fromServer = await api(`/users/count?country=FR&registeredFrom=${today()}`);
    await expect.poll(() => matching(page)).toBe(fromServer.total);
    expect(await page.getByTestId("matching-count").textContent()).toBe("2 matching users");
    const listed = await api(`/users?country=FR&registeredFrom=${today()}`);
    await expect.poll(() => rowIds(page)).toEqual(listed.items.map((user) => user.id));

    const french = await registerUser(suite.app.url, registration({ countryCode: "FR", phone: `+3361${String(Date.now()).slice(-7)}` }));
    const other = await registerUser(suite.app.url, registration({ countryCode: "LU" }));
    await row(page, french.id).waitFor({ timeout: 1_500 });
    await expect.poll(() => matching(page)).toBe(fromServer.total + 1);
    await page.waitForTimeout(300);
    expect(await row(page, other.id).count()).toBe(0);

    await page.reload();
    await page.getByTestId("stat-total").waitFor();
    expect(await page.getByTestId("filter-country").inputValue()).toBe("FR");
    expect(await page.getByTestId("filter-from").inputValue()).toBe(today());
    await expect.poll(() => matching(page)).toBe(fromServer.total + 1);

    // The address shared with a colleague opens the same view after their sign-in.
    const shared = await (await suite.browser.newContext({ locale: "en-US" })).newPage();
    await shared.goto(page.url());
    await signIn(shared, suite.app.admin);
    await expect.poll(() => rowIds(shared)).toEqual(await rowIds(page));
    await shared.context().close();
  });

  it("should export a CSV file whose rows are the rows of the view", async () => {
    const shown = await rowIds(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);

    expect(download.suggestedFilename()).toMatch(/^moien-users-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await download.path(), "utf8");
    const lines = text
      .replace(/^\ufeff/, "")
      .split("\r\n")
      .filter((line) => line !== "");
    // Every field is quoted (the ids and the header hold no quote or comma).
    expect(lines[0]).toBe('"id","fullName","countryCode","countryName","phone","email","createdAt"');
    expect(lines.slice(1).map((line) => line.split(",")[0]?.replaceAll('"', ""))).toEqual(shown);
    await expect
      .poll(() => page.getByTestId("export-status").textContent())
      .toBe("The download has started: your browser shows its progress and saves the file.");
  });

  it("should show a user's details in a side panel, by a link and by its own address, and delete there", async () => {
    if ((await page.getByTestId("clear-filters").count()) > 0) await page.getByTestId("clear-filters").click();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    const target = await registerUser(suite.app.url, registration({ fullName: "Panel Person", countryCode: "LU", phone: "+352691000111" }));
    await row(page, target.id).waitFor();

    await row(page, target.id).getByTestId("open-user").click();
    const panel = page.getByTestId("user-panel");
    await panel.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/users/${target.id}`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("user-panel-title");
    expect(await panel.getByTestId("panel-phone").textContent()).toBe("+352 691 000 111");
    await page.screenshot({ path: screenshot("panel-en") });

    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("open-user");

    const response = await page.goto(`${suite.app.url}/users/${target.id}`);
    expect(response?.status()).toBe(200);
    await panel.waitFor();
    await expect.poll(() => panel.getByRole("heading").textContent()).toBe("Panel Person");

    await panel.getByTestId("panel-delete").click();
    const dialog = page.getByRole("dialog", { name: "Delete this user?" });
    await dialog.waitFor();
    await page.getByTestId("confirm-delete").click();
    await panel.waitFor({ state: "detached" });
    await row(page, target.id).waitFor({ state: "detached" });
    await expect.poll(() => userExists(suite.app.url, token, target.id)).toBe(false);
    (globalThis as { deletedInUi?: string }).deletedInUi = target.id;
  });

  it("should show the deletion made in the dashboard on the audit page with the admin's email", async () => {
    const deletedId = (globalThis as { deletedInUi?: string }).deletedInUi;
    await page.getByTestId("nav-audit").click();
    expect(new URL(page.url()).pathname).toBe("/audit");
    // The address loads the page by itself too (a bookmark), under the same policy.
    const direct = await fetch(`${suite.app.url}/audit`);
    expect([direct.status, direct.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(direct.headers.get("content-security-policy")).toContain("default-src 'self'");
    // So does /users, the list's name in every other address (/users/<id>), typed by hand.
    const list = await fetch(`${suite.app.url}/users`);
    expect([list.status, list.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);

    const first = page.getByTestId("audit-row").first();
    await first.waitFor();
    expect(await first.getAttribute("data-action")).toBe("user.deleted");
    expect(await first.getAttribute("data-target")).toBe(deletedId);
    expect(await first.getByTestId("audit-actor").textContent()).toBe(suite.app.admin.email);
    expect(await first.textContent()).toContain("Deleted a user");

    await page.getByTestId("audit-action").selectOption("admin.signed_in");
    await expect.poll(() => new URL(page.url()).search).toBe("?action=admin.signed_in");
    await expect
      .poll(async () => new Set(await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))))
      .toEqual(new Set(["admin.signed_in"]));
    await page.getByTestId("audit-action").selectOption("");
    await page.getByTestId("audit-row").first().waitFor();
    await page.screenshot({ path: screenshot("audit-en") });
  });

  it("should download a backup of the store from the audit page, and the log should say so", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-backup").click()]);
    expect(download.suggestedFilename()).toMatch(/^moien-backup-\d{4}-\d{2}-\d{2}-\d{4}\.tar\.gz$/);
    // A gzip stream, whole: its first bytes are gzip's magic number.
    expect([...(await readFile(await download.path())).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(await page.getByTestId("backup-status").textContent()).toContain("keep it encrypted");
    await page.locator('[data-testid="audit-row"][data-action="backup.downloaded"]').first().waitFor();
  });

  it("should lay every new piece out right to left in Arabic", async () => {
    await page.getByTestId("language-switch").selectOption("ar");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    expect(await page.locator('[data-testid="audit-row"][data-action="user.deleted"]').first().locator("td").nth(1).textContent()).toBe(
      "حذف مستخدمًا",
    );
    await page.screenshot({ path: screenshot("audit-ar") });

    await page.getByTestId("nav-users").click();
    await page.getByTestId("stat-total").waitFor();
    expect(await page.getByTestId("stat-total").textContent()).toMatch(/^[٠-٩]+$/);
    // Back from the audit page, the figures were reloaded: the count agrees with the total.
    await expect.poll(async () => (await matching(page)) === (await stat(page, "total"))).toBe(true);
    expect(await page.getByText("إجمالي المستخدمين").count()).toBe(1);
    // The oldest day at the reading start: on the right.
    const xs = await page
      .locator('[data-testid="registrations-chart"] rect')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("x"))));
    expect(xs[0]).toBeGreaterThan(xs[xs.length - 1] ?? Infinity);
    expect(await page.getByTestId("matching-count").textContent()).toMatch(/مستخدم/);
    expect(await page.getByTestId("filter-country").locator("option").first().textContent()).toBe("كل البلدان");
    await page.screenshot({ path: screenshot("console-ar") });

    const first = page.locator('[data-testid="user-row"]').first();
    await first.getByTestId("open-user").click();
    const panel = page.getByTestId("user-panel");
    await panel.waitFor();
    const phone = panel.getByTestId("panel-phone");
    expect(await phone.getAttribute("dir")).toBe("ltr");
    expect(await phone.textContent()).toMatch(/^\+[0-9 ]+$/);
    expect(await panel.textContent()).toContain("حذف المستخدم");
    await page.screenshot({ path: screenshot("panel-ar") });
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^moien-users-.+\.csv$/);
    await expect.poll(() => page.getByTestId("export-status").textContent()).toBe("بدأ التنزيل: يعرض متصفحك تقدّمه ويحفظ الملف.");
    await page.getByTestId("language-switch").selectOption("en");
  });

  it("should show phones grouped left to right, find them by the grouped digits and keep the whole date at 1280 px", async () => {
    const ahmed = page.locator('[data-testid="user-row"]', { hasText: "Ahmed Mohamed Ali" });
    expect(await ahmed.locator("[data-phone]").textContent()).toBe("+352 691 234 567");

    const copied = await ahmed.locator("[data-phone]").evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      return getSelection()?.toString();
    });
    expect(copied).toBe("+352 691 234 567");

    await page.keyboard.press("Escape");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("users-search");
    await page.keyboard.type("691 234 567");
    await expect.poll(() => rowIds(page)).toHaveLength(1);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("691 234 567");

    // The longest English date and time must fit its column, as the rows' own dates do.
    const cut = await page.locator('[data-testid="user-row"] time').evaluateAll((times) => {
      const probe = times[0]!.cloneNode() as HTMLElement;
      probe.textContent = "Dec 22, 2026, 12:59 PM";
      times[0]!.parentElement!.append(probe);
      const all = [...times, probe];
      const result = all.filter((time) => time.scrollWidth > time.clientWidth).map((time) => time.textContent);
      probe.remove();
      return result;
    });
    expect(cut).toEqual([]);
    await page.getByTestId("search-box").fill("");
  });

  it("should say when exports may start again when the admin exports too often", async () => {
    await page.getByTestId("nav-users").click();
    for (let attempt = 0; attempt < 15; attempt += 1) {
      await page.getByTestId("export-csv").click();
      await expect.poll(() => page.getByTestId("export-status").getAttribute("data-phase")).not.toBe("running");
      if ((await page.getByTestId("export-status").getAttribute("data-phase")) === "failed") break;
    }
    expect(await page.getByTestId("export-status").textContent()).toMatch(/^Too many exports, try again in \d+ seconds?\.$/);
    await page.screenshot({ path: screenshot("export-limited-en"), clip: { x: 0, y: 0, width: 1280, height: 460 } });
  });

  it("should not have reported a single Content-Security-Policy violation along the way", () => {
    expect(violations).toEqual([]);
  });
});
