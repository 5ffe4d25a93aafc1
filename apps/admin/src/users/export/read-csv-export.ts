const FALLBACK_NAME = "moien-users.csv";

/** The file name of `Content-Disposition: attachment; filename="…"`, or a default. */
export function fileNameOf(response: Response): string {
  const header = response.headers.get("content-disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  const name = match?.[1]?.trim();
  // Only a plain name: no path, nothing a download attribute would have to sanitise.
  return name && /^[\w.-]+$/.test(name) ? name : FALLBACK_NAME;
}

/** Reads a streamed body to a Blob, reporting the bytes received so far. */
export async function readWithProgress(response: Response, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<Blob> {
  const type = "text/csv;charset=utf-8";
  if (!response.body) return new Blob([await response.arrayBuffer()], { type });
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress(0);
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(received);
  }
  return new Blob(chunks, { type });
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

/** Hands a Blob to the browser as a download: an object URL on a temporary <a download>. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: the download keeps its own copy.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
