import { ProblemSchema } from "@moien/contracts";
import { expect } from "vitest";

/** Asserts an RFC 9457 problem document with this status and no internals in it. */
export function expectProblem(response: { status: number; headers: Headers; body: unknown; text: string }, status: number) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = ProblemSchema.parse(response.body);
  expect(problem.status).toBe(status);
  expect(response.text).not.toMatch(/at .+\.(js|ts):\d+|stack|SELECT|INSERT|DELETE FROM|FST_|node_modules/i);
  return problem;
}
