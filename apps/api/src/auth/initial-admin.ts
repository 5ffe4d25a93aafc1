import { randomBytes } from "node:crypto";
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { maskEmail } from "../logging/logging";
import { AccountsRepository } from "./accounts.repository";
import { AuthService } from "./auth.service";

/**
 * On start, when no admin exists, creates one from ADMIN_EMAIL / ADMIN_PASSWORD (or a generated one-time
 * password, logged once), with ADMIN_TOTP_SECRET as its factor when set (automation signs in with codes).
 */
@Injectable()
export class InitialAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger("Auth");

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly auth: AuthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.accounts.adminExists()) return;
    const { email } = this.config.admin;
    const shown = maskEmail(email);
    const password = this.config.admin.password ?? randomBytes(12).toString("base64url");
    const created = await this.auth.upsertOperator(
      {
        email,
        role: "admin",
        password,
        // A generated password is a one-time password: changed at first sign-in, with the factor's enrolment.
        passwordChangeRequired: this.config.admin.password === undefined,
        totpSecret: this.config.operators.firstAdminTotpSecret,
      },
      "first-start",
    );
    if (created === null) {
      this.logger.error(`ADMIN_EMAIL ${shown} belongs to a registered user; no admin was created`);
    } else if (this.config.admin.password) {
      this.logger.log(`Created the first admin ${shown} from ADMIN_PASSWORD`);
    } else {
      // The one secret ever logged, as the contract asks: printed once, so the operator can sign in.
      // Set ADMIN_PASSWORD to avoid it.
      this.logger.warn(`Created the first admin ${email} with the one-time password ${password} (shown once; changed at first sign-in)`);
    }
  }
}
