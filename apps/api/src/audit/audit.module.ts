import { Global, Module } from "@nestjs/common";
import { AuditPruner } from "./audit-pruner";
import { AuditController } from "./audit.controller";
import { AuditRepository } from "./audit.repository";
import { AuditService } from "./audit.service";
import { AuditFeed } from "./audit-feed";
import { AuditGateway } from "./audit.gateway";
import { DeferredAudit } from "./deferred-audit";

/** The audit log's store, for every module that records (the server and the admin command). */
@Global()
@Module({ providers: [AuditRepository, DeferredAudit], exports: [AuditRepository, DeferredAudit] })
export class AuditStoreModule {}

/** The server's side: `GET /api/v1/audit`, the live `/audit` namespace and its feed, and the pruning timer. */
@Module({ controllers: [AuditController], providers: [AuditService, AuditPruner, AuditGateway, AuditFeed] })
export class AuditModule {}
