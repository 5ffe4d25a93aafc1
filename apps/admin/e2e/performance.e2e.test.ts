import type { PublicUser, UsersPage } from "@moien/contracts";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { registerUser, registration } from "./support/api";
import { openPage, rowIds, signIn, useBrowserApp } from "./support/browser";

const TOTAL = 10_000;
const PER_PAGE = 1_000;

// Older than anything the real server creates, so live users land above them.
function syntheticUser(index: number): PublicUser {
  const hex = index.toString(16).padStart(12, "0");
  return {
    id: `10000000-0000-4000-8000-${hex}`,
    fullName: `Archived User ${index}`,
    countryCode: "LU",
    countryName: "Luxembourg",
    phone: `+352621${String(index).padStart(6, "0")}`,
    email: `archived${index}@example.com`,
    createdAt: new Date(Date.UTC(2025, 0, 1) - index * 60_000).toISOString(),
  };
}

/** Serves 10,000 stored users from the page's own network layer; everything else hits the real API. */
async function serveTenThousandUsers(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname === "/api/v1/users",
    async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get("q")) return route.continue();
      const pageIndex = Number(url.searchParams.get("cursor")?.replace("page-", "") ?? "0");
      const start = pageIndex * PER_PAGE;
      const body: UsersPage = {
        items: Array.from({ length: PER_PAGE }, (_, i) => syntheticUser(start + i)),
        nextCursor: start + PER_PAGE < TOTAL ? `page-${pageIndex + 1}` : null,
      };
      await route.fulfill({ json: body });
    },
  );
}

/** Longest main-thread task seen since the observer was installed, in ms. */
const installLongTaskProbe = (page: Page) =>
  page.evaluate(() => {
    const probe = { longest: 0 };
    Object.assign(window, { __probe: probe });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longest = Math.max(probe.longest, entry.duration);
    }).observe({ type: "longtask", buffered: false });
  });

const longestTask = (page: Page) => page.evaluate(() => (window as unknown as { __probe: { longest: number } }).__probe.longest);

const loadedCount = (page: Page) => page.getByTestId("loaded-count").textContent();

describe("dashboard under load", () => {
  const suite = useBrowserApp();
  let page: Page;

  it("should keep the table virtual and responsive when 10,000 rows are loaded", async () => {
    page = await openPage(suite.browser, suite.app.url);
    await serveTenThousandUsers(page);
    await signIn(page, suite.app.admin);
    const scroller = page.locator(".table-scroll");

    await expect
      .poll(
        async () => {
          await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
          return loadedCount(page);
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe("10,000 loaded");

    await installLongTaskProbe(page);
    const frames = await scroller.evaluate(async (element) => {
      const gaps: number[] = [];
      let last = performance.now();
      for (let step = 0; step <= 60; step += 1) {
        element.scrollTop = (element.scrollHeight * step) / 60;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      return gaps;
    });

    expect(await page.locator('[data-testid="user-row"]').count()).toBeLessThan(80);
    expect(Math.max(...frames)).toBeLessThan(250);
    expect(await longestTask(page)).toBeLessThan(250);
  });

  it("should show every user of a burst exactly once when 150 register at the same time", async () => {
    await page.locator(".table-scroll").evaluate((element) => element.scrollTo({ top: 0 }));
    await installLongTaskProbe(page);

    const burst = await Promise.all(
      Array.from({ length: 150 }, (_, i) => registerUser(suite.app.url, registration({ fullName: `Burst ${i}` }))),
    );

    await expect.poll(() => loadedCount(page), { timeout: 10_000 }).toBe("10,150 loaded");
    const shown = await rowIds(page);
    expect(new Set(shown).size).toBe(shown.length);
    expect(burst.map((user) => user.id)).toContain(shown[0]);
    expect(await longestTask(page)).toBeLessThan(250);
    await expect.poll(() => page.getByTestId("live-announcer").textContent()).toMatch(/^\d+ new users$|^New user: Burst \d+$/);
  });
});
