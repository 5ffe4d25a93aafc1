import { afterEach, describe, expect, it, vi } from "vitest";
import { followDownloadLink, retryAfterSeconds } from "./download-link";

describe("export download helpers", () => {
  afterEach(() => vi.restoreAllMocks());

  it("should click a temporary download anchor for the link when the server gave one", () => {
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute("href") ?? "", download: this.download, attached: this.isConnected });
    });

    followDownloadLink("/api/v1/users/export/download?link=a.b.c");

    expect(clicked).toEqual([{ href: "/api/v1/users/export/download?link=a.b.c", download: "", attached: true }]);
    expect(document.querySelectorAll("a").length).toBe(0);
  });

  it("should follow the backup's address too", () => {
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.getAttribute("href") ?? "");
    });

    followDownloadLink("/api/v1/backup");

    expect(clicked).toEqual(["/api/v1/backup"]);
  });

  it("should refuse to follow anything but the API's own downloads", () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);

    expect(() => followDownloadLink("https://evil.example/file.csv")).toThrow("not an export download link");
    expect(() => followDownloadLink("javascript:alert(1)")).toThrow("not an export download link");
    expect(() => followDownloadLink("/api/v1/backup/local")).toThrow("not an export download link");
    expect(click).not.toHaveBeenCalled();
  });

  it("should read Retry-After as seconds or as a date when the server limits exports", () => {
    const now = Date.parse("2026-12-01T10:00:00.000Z");
    const after = (value: string) => new Response(null, { status: 429, headers: { "retry-after": value } });

    expect(retryAfterSeconds(after("17"), now)).toBe(17);
    expect(retryAfterSeconds(after("Tue, 01 Dec 2026 10:00:30 GMT"), now)).toBe(30);
    expect(retryAfterSeconds(after("soon"), now)).toBeNull();
    expect(retryAfterSeconds(undefined, now)).toBeNull();
  });
});
