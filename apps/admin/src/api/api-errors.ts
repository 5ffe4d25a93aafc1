import { UsersApiError } from "@moien/contracts/client";

export { UsersApiError };
export { NetworkError } from "./session-fetch";

export const isApiError = (error: unknown, status?: number): error is UsersApiError =>
  error instanceof UsersApiError && (status === undefined || error.status === status);
