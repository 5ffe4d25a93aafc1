import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { AUDIT_NAMESPACE } from "@moien/contracts";
import type { Socket } from "socket.io";
import { AuthService, revocationKey } from "../auth/auth.service";
import type { Principal } from "../auth/principal";
import { SocketServerRef } from "../realtime/socket-server-ref";
import { UsersSockets } from "./users-sockets";

// How quickly an expired token, an ended session, a password reset or a deleted account cuts the live sockets
// (the contract: within 5 s). Each node checks its own sockets against the database, so an ending on one
// node reaches the sockets of every node.
const REVALIDATE_MS = 2_000;

type AdmittedSocket = Socket & { data: { principal: Principal } };

/**
 * Tokens are checked at the handshake; this one sweep (not a timer per socket, which costs memory at
 * 10k sockets) then cuts sockets whose token expired — a stale session must stop receiving personal
 * data — and re-checks the rest against the accounts (revocation).
 */
@Injectable()
export class UsersSocketSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly sockets: UsersSockets,
    private readonly server: SocketServerRef,
    private readonly auth: AuthService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), REVALIDATE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The `/users` sockets and the `/audit` ones: every socket that holds a principal. */
  private all(): { data: { principal: Principal }; disconnect(close: boolean): unknown }[] {
    const audit = this.server.namespace(AUDIT_NAMESPACE);
    return [...this.sockets.connected(), ...(audit ? (audit.sockets.values() as IterableIterator<AdmittedSocket>) : [])];
  }

  private sweep(): void {
    const now = Date.now();
    const sockets = this.all();
    for (const socket of sockets) if (socket.data.principal.expiresAtMs <= now) socket.disconnect(true);
    if (this.checking || sockets.length === 0) return;
    this.checking = true;
    this.auth
      .findRevoked(sockets.map((s) => s.data.principal))
      .then((revoked) => sockets.filter((s) => revoked.has(revocationKey(s.data.principal))).forEach((s) => s.disconnect(true)))
      .catch(() => undefined) // database away: keep the sockets, check again next time
      .finally(() => (this.checking = false));
  }
}
