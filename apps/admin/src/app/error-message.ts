import { NetworkError, UsersApiError } from "../api/api-errors";
import type { Messages } from "../i18n/messages";

/** A sentence for the person in front of the screen; the problem's detail when the server gave one. */
export function errorMessage(error: unknown, t: Messages): string {
  if (error instanceof NetworkError) return t.serverUnreachable;
  if (error instanceof UsersApiError && error.problem.detail) return error.problem.detail;
  return t.unexpectedError;
}
