import { Inject, Injectable } from "@nestjs/common";
import type { MfaEnrollment } from "@moien/contracts";
import { UnauthorizedError, ValidationError } from "../../common/app-errors";
import type { AppConfig } from "../../config/config";
import { APP_CONFIG } from "../../config/config.module";
import { AuditRepository } from "../../audit/audit.repository";
import { DATABASE } from "../../database/database.module";
import type { DatabaseHandle } from "../../database/database";
import { AuthService, type SignedIn, type SignInContext } from "../auth.service";
import { PasswordHasher } from "../password-hasher";
import type { Principal } from "../principal";
import { OperatorSessionsRepository } from "../sessions/operator-sessions.repository";
import { type ChallengeOperator, MfaRepository } from "./mfa.repository";
import { hashChallenge, hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { newTotpSecret, totpUri, verifyTotp } from "./totp";

const WRONG_CODE = "The code is wrong, was used already, or the challenge has expired; sign in again if this keeps failing.";

/** The second step of an operator's sign-in, the first sign-in's setup, and step-up before exports. */
@Injectable()
export class MfaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly mfa: MfaRepository,
    private readonly auth: AuthService,
    private readonly sessions: OperatorSessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRepository,
  ) {}

  /** A login's `verify` challenge answered with a TOTP or a recovery code. @throws UnauthorizedError */
  async verifyOrThrow(challenge: string, code: string, context: SignInContext): Promise<SignedIn> {
    const idHash = hashChallenge(challenge);
    const row = await this.mfa.findLiveChallenge(idHash);
    const operator = row?.kind === "verify" ? await this.mfa.findOperator(row.operatorId) : undefined;
    if (!row || !operator) throw new UnauthorizedError(WRONG_CODE);
    if (!(await this.acceptCode(operator, code))) {
      await this.mfa.countFailure(idHash);
      await this.audit.recordAlone({ action: "admin.sign_in_failed", actorId: operator.id, targetId: null, requestId: context.requestId });
      throw new UnauthorizedError(WRONG_CODE);
    }
    if (!(await this.mfa.useChallenge(this.database.db, idHash))) throw new UnauthorizedError(WRONG_CODE);
    return this.auth.signIn(operator.id, { mfaVerified: true }, context);
  }

  /** Starts the first sign-in's setup of an `enroll` challenge: a new TOTP secret, kept with the challenge. */
  async startEnrollmentOrThrow(challenge: string): Promise<MfaEnrollment> {
    const idHash = hashChallenge(challenge);
    const row = await this.mfa.findLiveChallenge(idHash);
    const operator = row?.kind === "enroll" ? await this.mfa.findOperator(row.operatorId) : undefined;
    if (!row || !operator) throw new UnauthorizedError("The challenge has expired or was used; sign in again.");
    // Asking again gives the same secret: an app scanned a minute ago still works.
    const secret = row.pendingSecret ?? newTotpSecret();
    if (!row.pendingSecret) await this.mfa.setPendingSecret(idHash, secret);
    return {
      secret,
      otpauthUri: totpUri(secret, operator.email),
      factorRequired: this.config.operators.mfa === "required" && operator.totpSecret === null,
      passwordChangeRequired: operator.passwordChangeRequired,
    };
  }

  /**
   * Completes the setup: the new factor (a code from it proves the app has it), the new password when
   * the current one was a one-time password; then signed in, with 10 recovery codes shown this once.
   * @throws UnauthorizedError (wrong code, dead challenge), ValidationError (a required part missing)
   */
  async confirmEnrollmentOrThrow(
    input: { challenge: string; code?: string; newPassword?: string },
    context: SignInContext,
  ): Promise<SignedIn & { recoveryCodes: string[] }> {
    const idHash = hashChallenge(input.challenge);
    const row = await this.mfa.findLiveChallenge(idHash);
    const operator = row?.kind === "enroll" ? await this.mfa.findOperator(row.operatorId) : undefined;
    if (!row || !operator) throw new UnauthorizedError("The challenge has expired or was used; sign in again.");
    const factorRequired = this.config.operators.mfa === "required" && operator.totpSecret === null;
    const missing = [
      ...(factorRequired && !input.code ? [{ field: "code", message: "code is required: enter the code your app shows" }] : []),
      ...(operator.passwordChangeRequired && !input.newPassword
        ? [{ field: "newPassword", message: "newPassword is required: the current password was a one-time password" }]
        : []),
    ];
    if (missing.length > 0) throw new ValidationError(missing);
    let totpStep: number | null = null;
    if (input.code) {
      totpStep = row.pendingSecret ? verifyTotp(row.pendingSecret, input.code, null) : null;
      if (totpStep === null) {
        await this.mfa.countFailure(idHash);
        throw new UnauthorizedError(WRONG_CODE);
      }
    }
    const recoveryCodes = totpStep === null ? [] : newRecoveryCodes();
    const passwordHash = input.newPassword ? await this.hasher.hash(input.newPassword) : null;
    await this.database.db.transaction(async (tx) => {
      if (!(await this.mfa.useChallenge(tx, idHash))) throw new UnauthorizedError(WRONG_CODE);
      await this.mfa.completeSetup(tx, operator.id, {
        totpSecret: totpStep === null ? null : row.pendingSecret,
        totpStep,
        recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
        passwordHash,
      });
      if (totpStep !== null) {
        await this.audit.record(tx, {
          action: "operator.mfa_enrolled",
          actorId: operator.id,
          targetId: operator.id,
          requestId: context.requestId,
        });
      }
    });
    return { ...(await this.auth.signIn(operator.id, { mfaVerified: totpStep !== null }, context)), recoveryCodes };
  }

  /**
   * A fresh second factor for the principal's session (exports need one in the last 10 minutes).
   * A wrong code is a 400 on `code`, not a 401: the session itself is fine.
   * @throws ValidationError
   */
  async stepUpOrThrow(principal: Principal, code: string): Promise<void> {
    const operator = await this.mfa.findOperator(principal.id);
    if (!operator || !principal.sessionId || !(await this.acceptCode(operator, code))) {
      throw new ValidationError([{ field: "code", message: "code is wrong or was used already" }]);
    }
    await this.sessions.markFactorVerified(principal.sessionId);
  }

  /** A TOTP code of the operator's factor not used before, or one of their unused recovery codes (used up now). */
  private async acceptCode(operator: ChallengeOperator, code: string): Promise<boolean> {
    if (!operator.totpSecret) return false;
    if (/^\d{6}$/.test(code)) {
      const step = verifyTotp(operator.totpSecret, code, operator.totpLastStep);
      return step !== null && (await this.mfa.acceptTotpStep(operator.id, step));
    }
    return this.mfa.useRecoveryCode(operator.id, hashRecoveryCode(code));
  }
}
