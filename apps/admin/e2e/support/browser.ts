import { disposeApp, startApp, type AppProcess, type StartAppOptions } from "@moien/test-harness";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@moien/test-harness/chromium";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * The built app on a port and a Chromium for one suite: both started before its tests (and before
 * the suite's own `beforeAll`, registered after this call), both stopped after them.
 */
export function useBrowserApp(options: StartAppOptions = {}): { readonly app: AppProcess; readonly browser: Browser } {
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await disposeApp(app);
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the app and the browser start in beforeAll");
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** A fresh context (own sessionStorage and localStorage) with one page, in English by default. */
export async function openPage(browser: Browser, url: string, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 820 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 10_000 });
}

export const row = (page: Page, id: string) => page.locator(`[data-testid="user-row"][data-user-id="${id}"]`);

export const rowIds = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="user-row"]').evaluateAll((rows) => rows.map((element) => element.getAttribute("data-user-id") ?? ""));

export const connectionState = (page: Page) => page.getByTestId("connection-state");
