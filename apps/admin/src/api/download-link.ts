// The API's downloads the console hands to the browser: an export's link, the backup.
const DOWNLOADS = ["/api/v1/users/export/download?", "/api/v1/backup"];

/**
 * Hands a download to the browser: a temporary `<a download>` the page clicks. The browser's download
 * manager fetches it (with its own progress, saving to disk as the bytes arrive, the session cookie
 * sent); the file name is the server's `Content-Disposition`. Only the API's own downloads are followed.
 */
export function followDownloadLink(href: string): void {
  if (!DOWNLOADS.some((path) => href === path || (path.endsWith("?") && href.startsWith(path))))
    throw new Error("not an export download link");
  const link = document.createElement("a");
  link.href = href;
  link.download = "";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Whole seconds of `Retry-After` (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(response: Response | undefined, now = Date.now()): number | null {
  const value = response?.headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}
