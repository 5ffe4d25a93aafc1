// "Export CSV" clicked in the console in Chromium, the way an admin does it, while the tab's JavaScript
// heap is read every 100 ms through the DevTools protocol (Performance.getMetrics): the export must reach
// the disk through the browser's download manager, not through the page (issue 20: growth ≤ 50 MiB).
import { stat } from "node:fs/promises";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@moien/test-harness/chromium";
import { chromium } from "playwright-core";
import { ADMIN } from "./servers.mjs";
import { now, sleep } from "./procs.mjs";

/** Signs in, clicks Export CSV, waits for the download to finish; the heap before, at its peak, and the file. */
export async function exportInConsole(api, { timeoutMs = 180_000 } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    await page.goto(api.url);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 30_000 });
    await page.getByTestId("stat-total").waitFor({ timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const heap = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
    };
    await cdp.send("HeapProfiler.collectGarbage");
    await sleep(500);
    const before = await heap();
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap());
        await sleep(100);
      }
    })();
    const started = now();
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.getByTestId("export-csv").click()]);
    const path = await Promise.race([
      download.path(),
      sleep(timeoutMs).then(() => {
        throw new Error(`the download did not finish within ${timeoutMs / 1000} s`);
      }),
    ]);
    const seconds = (now() - started) / 1000;
    sampling = false;
    await sampler;
    const bytes = (await stat(path)).size;
    const status = await page.getByTestId("export-status").getAttribute("data-phase");
    return {
      seconds,
      bytes,
      status,
      file: download.suggestedFilename(),
      heapBeforeMiB: before / 2 ** 20,
      heapGrowthMiB: (peak - before) / 2 ** 20,
    };
  } finally {
    await browser.close();
  }
}
