import { createSecretKey } from "node:crypto";
import { Module } from "@nestjs/common";
import { JwtModule } from "@nestjs/jwt";
import { AccountsRepository } from "./accounts.repository";
import { AuthController } from "./auth.controller";
import { AuthGuard } from "./auth.guard";
import { AuthService } from "./auth.service";
import { IdentityCache } from "./identity-cache";
import { PasswordHasher } from "./password-hasher";
import { RateLimits } from "../common/rate-limits";
import { MfaRepository } from "./mfa/mfa.repository";
import { MfaService } from "./mfa/mfa.service";
import { OperatorSessionsRepository } from "./sessions/operator-sessions.repository";
import { OperatorSessionsService } from "./sessions/operator-sessions.service";

@Module({})
export class AuthModule {
  static forRoot(jwtSecret: string) {
    return {
      module: AuthModule,
      global: true,
      imports: [
        JwtModule.register({
          // A KeyObject, not a string: jsonwebtoken would otherwise try (and fail) to parse the
          // string as a public key on every verify, ~0.4 ms per request and handshake (bench/).
          secret: createSecretKey(Buffer.from(jwtSecret, "utf8")),
          signOptions: { algorithm: "HS256" },
          verifyOptions: { algorithms: ["HS256"] },
        }),
      ],
      controllers: [AuthController],
      providers: [
        AccountsRepository,
        AuthService,
        AuthGuard,
        IdentityCache,
        PasswordHasher,
        RateLimits,
        MfaRepository,
        MfaService,
        OperatorSessionsRepository,
        OperatorSessionsService,
      ],
      // JwtModule: export download links are signed with the same service, under their own key.
      exports: [AuthService, AuthGuard, PasswordHasher, AccountsRepository, RateLimits, OperatorSessionsRepository, JwtModule],
    };
  }
}
