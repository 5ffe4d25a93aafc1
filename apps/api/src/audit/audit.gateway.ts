import { Logger } from "@nestjs/common";
import { type OnGatewayInit, WebSocketGateway } from "@nestjs/websockets";
import { AUDIT_NAMESPACE } from "@moien/contracts";
import { AuthService } from "../auth/auth.service";
import { admitOrThrow, handshakeToken } from "../auth/socket-handshake";
import { refuseConnect } from "../realtime/namespace-admission";
import { describeError } from "../common/error-chain";
import type { AuditNamespace } from "./audit-feed";

/**
 * Admits admins (permission `audit.read`) to `/audit`, with the same handshake as `/users` (token or
 * session cookie, origin check, recovery). Nothing else: `AuditFeed` broadcasts.
 */
@WebSocketGateway({ namespace: AUDIT_NAMESPACE })
export class AuditGateway implements OnGatewayInit<AuditNamespace> {
  private readonly logger = new Logger("AuditGateway");

  constructor(private readonly auth: AuthService) {}

  afterInit(nsp: AuditNamespace): void {
    nsp.use((socket, next) => {
      admitOrThrow(this.auth, handshakeToken(socket), "audit.read", (error) =>
        this.logger.error(`handshake check failed: ${describeError(error)}`),
      ).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        (error: Error) => refuseConnect(socket, next, error),
      );
    });
  }
}
