import { randomBytes } from "node:crypto";
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from "@nestjs/common";
import type { AppConfig } from "../config/config";
import { APP_CONFIG } from "../config/config.module";
import { maskEmail } from "../logging/logging";
import { AccountsRepository } from "./accounts.repository";
import { AuthService } from "./auth.service";

/** On start, when no admin exists, creates one from ADMIN_EMAIL / ADMIN_PASSWORD (or a generated password, logged once). */
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
    if ((await this.auth.upsertAdmin(email, password, "first-start")) === null) {
      this.logger.error(`ADMIN_EMAIL ${shown} belongs to a registered user; no admin was created`);
    } else if (this.config.admin.password) {
      this.logger.log(`Created the first admin ${shown} from ADMIN_PASSWORD`);
    } else {
      // The one secret ever logged, as the contract asks: printed once, so the operator can sign in.
      // Set ADMIN_PASSWORD to avoid it.
      this.logger.warn(`Created the first admin ${email} with the generated password ${password} (shown once)`);
    }
  }
}
