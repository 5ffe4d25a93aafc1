import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const API_DIST = resolve(__dirname, "../../dist");

/** Runs a built script of the API to completion (`input` on its stdin); returns its exit code and everything it printed. */
export function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs = 30_000, input?: string) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [resolve(API_DIST, script), ...args], {
      env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (input !== undefined) child.stdin!.end(input);
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}
