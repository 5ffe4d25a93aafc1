import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { generateSync } from "otplib";
import { Client } from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, registration } from "./support/api";
import { row, useBrowserApp } from "./support/browser";
import { watchViolations } from "./support/csp";

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = `moien_test_${randomBytes(6).toString("hex")}`;
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${databaseName}` }).toString();

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

const code = (secret: string) => generateSync({ secret });
/** Waits for the next 30-second step: a code is accepted once per operator. */
const nextStep = () => new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 100));

async function open(browser: Browser, url: string, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 820 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function password(page: Page, email: string, secret: string): Promise<void> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(secret);
  await page.locator('button[type="submit"]').click();
}

/** A created operator's first sign-in: the one-time password, a new password, the app's code; returns the recovery codes. */
async function enrol(page: Page, email: string, oneTime: string, newPassword: string, shots?: string): Promise<string[]> {
  await password(page, email, oneTime);
  await page.getByTestId("enroll-step").waitFor();
  const secret = (await page.getByTestId("enroll-secret").getAttribute("data-secret")) ?? "";
  await page.getByTestId("enroll-password").fill(newPassword);
  await page.getByTestId("enroll-password-confirm").fill(newPassword);
  await page.getByTestId("enroll-code").fill(code(secret));
  if (shots) await page.screenshot({ path: screenshot(`enroll-${shots}`), fullPage: true });
  await page.getByTestId("enroll-submit").click();
  await page.getByTestId("recovery-codes").waitFor();
  if (shots) await page.screenshot({ path: screenshot(`recovery-codes-${shots}`) });
  const codes = await page.locator('[data-testid="recovery-codes"] code').allTextContents();
  await page.getByTestId("recovery-done").click();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
  return codes;
}

// Contract, "Operators": sign-in with a second factor, the first sign-in's enrolment, the Operators page,
// My sessions, step-up before an export, sessions that end in the other browser, the live audit page.
describe("operators in the console (OPERATOR_MFA=required)", () => {
  beforeAll(() => sql(ADMIN_URL, `create database ${databaseName}`));
  const suite = useBrowserApp({ env: { OPERATOR_MFA: "required", ADMIN_TOTP_SECRET: SECRET, DATABASE_URL: databaseUrl } });
  afterAll(() => sql(ADMIN_URL, `drop database if exists ${databaseName} with (force)`));

  let admin: Page;
  let violations: string[];
  const created: Record<string, { email: string; oneTime: string }> = {};

  const createOperator = async (page: Page, email: string, role: string) => {
    await page.getByTestId("new-operator-email").fill(email);
    await page.getByTestId("new-operator-role").selectOption(role);
    await page.getByTestId("create-operator").locator('button[type="submit"]').click();
    const value = page.getByTestId("one-time-password-value");
    await expect.poll(() => page.getByTestId("one-time-password").textContent()).toContain(email);
    created[role] = { email, oneTime: (await value.textContent()) ?? "" };
  };

  it("should sign the first admin in with a password and a code from the authenticator app", async () => {
    admin = await open(suite.browser, suite.app.url);
    violations = await watchViolations(admin);
    await password(admin, suite.app.admin.email, suite.app.admin.password);
    const field = admin.getByTestId("mfa-code");
    expect(await field.getAttribute("autocomplete")).toBe("one-time-code");
    await admin.screenshot({ path: screenshot("sign-in-code-en") });
    await field.fill(code(SECRET));
    await admin.getByTestId("mfa-submit").click();
    await admin.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
    // Nothing of the session in web storage: only the language choice.
    expect(await admin.evaluate(() => [sessionStorage.length, Object.keys(localStorage)])).toEqual([0, []]);
  });

  it("should create operators with one-time passwords on the Operators page", async () => {
    await admin.getByTestId("nav-operators").click();
    await admin.getByTestId("operators-table").waitFor();
    await createOperator(admin, "desk@moien.test", "support");
    await createOperator(admin, "second.admin@moien.test", "admin");
    await createOperator(admin, "viewer@moien.test", "viewer");
    await expect.poll(() => admin.getByTestId("operator-row").count()).toBe(4);
    await admin.screenshot({ path: screenshot("operators-en"), fullPage: true });
  });

  let deskCodes: string[] = [];
  let desk: Page;

  it("should walk a support operator's first sign-in through a new password and the app, and show only what support may do", async () => {
    desk = await open(suite.browser, suite.app.url);
    deskCodes = await enrol(desk, created.support!.email, created.support!.oneTime, "desk-password-1", "en");
    expect(deskCodes).toHaveLength(10);
    await desk
      .locator('[data-testid="user-row"]')
      .first()
      .waitFor({ state: "attached", timeout: 5_000 })
      .catch(() => undefined);
    expect(await desk.getByTestId("delete-user").count()).toBe(0);
    expect(await desk.getByTestId("export-csv").count()).toBe(0);
    expect(await desk.getByTestId("nav-audit").count()).toBe(0);
    expect(await desk.getByTestId("nav-operators").count()).toBe(0);
  });

  it("should show another admin's deletion on the live audit page as it happens", async () => {
    const watcher = await open(suite.browser, suite.app.url);
    await enrol(watcher, created.admin!.email, created.admin!.oneTime, "second-admin-password-1");
    await watcher.getByTestId("nav-audit").click();
    await watcher.getByTestId("audit-row").first().waitFor();

    const user = await registerUser(suite.app.url, registration({ fullName: "Audit Watched" }));
    await admin.getByTestId("nav-users").click();
    await row(admin, user.id).getByTestId("delete-user").click();
    await admin.getByTestId("confirm-delete").click();
    await row(admin, user.id).waitFor({ state: "detached" });
    await expect
      .poll(() => watcher.locator(`[data-testid="audit-row"]`).first().textContent(), { timeout: 3_000 })
      .toContain("Deleted a user");
    await watcher.close();
  });

  it("should sign the other browser out when an admin changes its role, then let it back in with a recovery code", async () => {
    await admin.getByTestId("nav-operators").click();
    const deskRow = admin.locator(`[data-testid="operator-row"][data-email="${created.support!.email}"]`);
    await deskRow.getByTestId("operator-role").selectOption("viewer");
    await expect.poll(() => deskRow.getByTestId("operator-role").inputValue()).toBe("viewer");
    await desk.getByTestId("session-notice").waitFor({ timeout: 6_000 });
    expect(await desk.getByTestId("session-notice").textContent()).toBe("Your session has expired, please sign in again");

    await password(desk, created.support!.email, "desk-password-1");
    await desk.getByTestId("mfa-code").fill(deskCodes[0]!);
    await desk.getByTestId("mfa-submit").click();
    await desk.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
    await desk.getByTestId("nav-sessions").click();
    await desk.getByTestId("sessions-table").waitFor();
    await expect.poll(() => desk.locator('[data-testid="session-row"][data-current="true"]').count()).toBe(1);
    await desk.screenshot({ path: screenshot("sessions-en"), fullPage: true });
  });

  it("should ask for a fresh code before an export when the last one is older than 10 minutes", async () => {
    // The admin's factor was verified at sign-in: move it back beyond the step-up window.
    await sql(databaseUrl, "update operator_sessions set mfa_verified_at = now() - interval '11 minutes'");
    await admin.getByTestId("nav-users").click();
    await admin.reload();
    await admin.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
    await admin.getByTestId("export-csv").click();
    await admin.getByTestId("step-up-dialog").waitFor();
    await admin.screenshot({ path: screenshot("step-up-en") });
    await nextStep(); // the sign-in used this step's code
    await admin.getByTestId("step-up-code").fill(code(SECRET));
    const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByTestId("step-up-submit").click()]);
    expect(download.suggestedFilename()).toMatch(/^moien-users-.+\.csv$/);
  }, 60_000);

  it("should show every new screen in Arabic, right to left", async () => {
    const arabic = await open(suite.browser, suite.app.url, "ar");
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await enrol(arabic, created.viewer!.email, created.viewer!.oneTime, "viewer-password-1", "ar");
    await arabic.getByTestId("nav-sessions").click();
    await arabic.getByTestId("sessions-table").waitFor();
    await arabic.screenshot({ path: screenshot("sessions-ar"), fullPage: true });
    await arabic.getByTestId("sign-out").click();
    await password(arabic, created.viewer!.email, "viewer-password-1");
    await arabic.getByTestId("code-step").waitFor();
    await arabic.screenshot({ path: screenshot("sign-in-code-ar") });

    await admin.getByTestId("language-switch").selectOption("ar");
    await admin.getByTestId("nav-operators").click();
    await admin.getByTestId("operators-table").waitFor();
    await admin.screenshot({ path: screenshot("operators-ar"), fullPage: true });
    await sql(databaseUrl, "update operator_sessions set mfa_verified_at = now() - interval '11 minutes'");
    await admin.getByTestId("nav-users").click();
    await admin.reload();
    await admin.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
    await admin.getByTestId("export-csv").click();
    await admin.getByTestId("step-up-dialog").waitFor();
    await admin.screenshot({ path: screenshot("step-up-ar") });
    await admin.keyboard.press("Escape");
    await admin.getByTestId("language-switch").selectOption("en");
    expect(violations).toEqual([]);
  });
});
