// @vitest-environment node
import { describe, expect, it } from "vitest";
import { fileNameOf, readWithProgress, retryAfterSeconds } from "./read-csv-export";

const streamOf = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe("CSV export helpers", () => {
  it("should take the server's file name when the disposition names a plain one", () => {
    const named = new Response("", { headers: { "content-disposition": 'attachment; filename="moien-users-2026-12-01.csv"' } });
    const hostile = new Response("", { headers: { "content-disposition": 'attachment; filename="../../etc/passwd"' } });

    expect(fileNameOf(named)).toBe("moien-users-2026-12-01.csv");
    expect(fileNameOf(hostile)).toBe("moien-users.csv");
    expect(fileNameOf(new Response(""))).toBe("moien-users.csv");
  });

  it("should report the bytes received so far when the body streams in parts", async () => {
    const seen: number[] = [];
    const blob = await readWithProgress(new Response(streamOf("id,fullName\r\n", "1,علي\r\n")), (bytes) => seen.push(bytes));

    expect(seen).toEqual([0, 13, 23]);
    expect(await blob.text()).toBe("id,fullName\r\n1,علي\r\n");
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
