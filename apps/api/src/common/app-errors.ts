import type { FieldError } from "@moien/contracts";

/** An expected failure: mapped to an RFC 9457 problem document by the one exception filter. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail = "One or more fields are invalid.") {
    super(400, "validation", "Invalid request", detail, errors);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = "A valid access token is required.") {
    super(401, "unauthorized", "Unauthorized", detail, undefined, { "WWW-Authenticate": "Bearer" });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = "You are not allowed to do this.") {
    super(403, "forbidden", "Forbidden", detail);
  }
}

/** A suspended user's right password: `type` ends in `account-suspended`, as the contract says. */
export class AccountSuspendedError extends AppError {
  constructor() {
    super(403, "account-suspended", "Account suspended", "This account is suspended; contact Moien support.");
  }
}

/** A disabled operator's right password. */
export class AccountDisabledError extends AppError {
  constructor() {
    super(403, "account-disabled", "Account disabled", "This operator account is disabled; ask an administrator.");
  }
}

/** An export (a sensitive action) needs a second factor verified in the last 10 minutes of the session. */
export class StepUpRequiredError extends AppError {
  constructor() {
    super(403, "step-up-required", "Second factor required", "Verify a code again (POST /api/v1/auth/mfa/step-up), then retry.");
  }
}

/** The action would leave no enabled admin. */
export class LastAdminError extends AppError {
  constructor() {
    super(
      409,
      "last-admin",
      "Last admin",
      "This is the last enabled admin: it cannot be disabled, demoted or have its factors reset here.",
    );
  }
}

/** Backups through the API are of the embedded store; PostgreSQL has pg_dump. */
export class BackupNotEmbeddedError extends AppError {
  constructor() {
    super(
      409,
      "backup-not-embedded",
      "Not the embedded store",
      "This node runs on PostgreSQL: back it up with pg_dump (npm run backup wraps it; docs/operations.md).",
    );
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, "not-found", "Not found", detail);
  }
}

export class ConflictError extends AppError {
  constructor(field: "email" | "phone") {
    super(409, "conflict", "Already registered", `This ${field} is already registered.`, [
      { field, message: `${field} is already registered` },
    ]);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, "rate-limited", "Too many requests", `Too many attempts; try again in ${retryAfterSeconds} s.`, undefined, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail = "The service is temporarily unavailable; try again shortly.") {
    super(503, "unavailable", "Service unavailable", detail, undefined, { "Retry-After": "5" });
  }
}
