import type { Problem } from "@moien/contracts";

/** An HTTP answer other than 2xx, carrying the server's problem document. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** The request never got an answer (server down, network off, CORS refusal). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("The server could not be reached", { cause });
    this.name = "NetworkError";
  }
}

/** A 2xx answer whose body does not match the shared contract. */
export class ContractMismatchError extends Error {
  constructor(path: string, cause: unknown) {
    super(`The response of ${path} does not match the contract`, { cause });
    this.name = "ContractMismatchError";
  }
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);
