import { describe, expect, it } from "vitest";
import { toProblem } from "./problem";

const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1 params: x"), { cause });

describe("toProblem", () => {
  it("should answer 503 when the pool is exhausted, a query times out or the connection fails", () => {
    const failures = [
      new Error("timeout exceeded when trying to connect"), // pg-pool: no client within connectionTimeoutMillis
      new Error("Query read timeout"), // node-postgres query_timeout
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      Object.assign(new Error("sorry, too many clients already"), { code: "53300" }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
    ];
    for (const failure of failures) {
      for (const error of [failure, wrapped(failure)]) {
        const { problem, unexpected, headers } = toProblem(error);
        expect(problem.status, failure.message).toBe(503);
        expect(unexpected).toBe(false);
        expect(headers["Retry-After"]).toBe("5");
      }
    }
  });

  it("should answer 500 for any other database error", () => {
    const { problem, unexpected } = toProblem(
      wrapped(Object.assign(new Error("invalid input syntax for type integer"), { code: "22P02" })),
    );
    expect(problem.status).toBe(500);
    expect(unexpected).toBe(true);
  });

  it("should turn fastify's own 414, 431 and malformed-URL errors into problem documents in our words", () => {
    expect(toProblem({ statusCode: 414, code: "FST_ERR_MAX_PARAM_LENGTH", message: "'/x' is exceeding" }).problem).toMatchObject({
      status: 414,
      title: "URI Too Long",
    });
    expect(toProblem({ statusCode: 431 }).problem.detail).toBe("The request headers are too large.");
    const badUrl = toProblem({ statusCode: 400, code: "FST_ERR_BAD_URL", message: "'/%zz' is not a valid url component" }).problem;
    expect(badUrl).toMatchObject({ status: 400, type: "https://moien.delivery/problems/bad-url" });
    expect(badUrl.detail).not.toContain("%zz");
  });
});
