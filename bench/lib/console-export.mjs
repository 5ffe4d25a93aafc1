// "Export CSV" clicked in the console in Chromium, the way an admin does it, while the tab's memory is
// read every 100 ms: its JavaScript heap with the ArrayBuffers it holds (DevTools protocol,
// Runtime.getHeapUsage) and the renderer processes' resident memory (/proc). The export must reach the
// disk through the browser's download manager, not through the page (issue 20: growth ≤ 50 MiB).
import { readdirSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@moien/test-harness/chromium";
import { chromium } from "playwright-core";
import { ADMIN } from "./servers.mjs";
import { now, rssOf, sleep } from "./procs.mjs";

/** Resident memory of every Chromium renderer process on the machine (the bench launches the only browser). */
function rendererRss() {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) total += rssOf(Number(pid)) || 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

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
    // The page's JavaScript heap and the ArrayBuffers it holds outside it (where a response read into a
    // Blob would sit), and the resident memory of the browser's renderer processes (the tab as the OS sees it).
    const heap = async () => {
      const usage = await cdp.send("Runtime.getHeapUsage");
      return usage.usedSize + (usage.backingStorageSize ?? 0) + (usage.embedderHeapUsedSize ?? 0);
    };
    await cdp.send("HeapProfiler.collectGarbage");
    await sleep(500);
    const heapBefore = await heap();
    const rendererBefore = rendererRss();
    let heapPeak = heapBefore;
    let rendererPeak = rendererBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        heapPeak = Math.max(heapPeak, await heap());
        rendererPeak = Math.max(rendererPeak, rendererRss());
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
      heapBeforeMiB: heapBefore / 2 ** 20,
      heapGrowthMiB: (heapPeak - heapBefore) / 2 ** 20,
      rendererBeforeMiB: rendererBefore / 2 ** 20,
      rendererGrowthMiB: (rendererPeak - rendererBefore) / 2 ** 20,
    };
  } finally {
    await browser.close();
  }
}
