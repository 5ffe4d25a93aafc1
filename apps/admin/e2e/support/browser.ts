import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
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
