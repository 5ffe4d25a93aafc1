import { Controller, Get, Header, Query } from "@nestjs/common";
import { type AuditPage, AuditQuerySchema } from "@moien/contracts";
import type { z } from "zod";
import { Authenticated } from "../auth/auth.guard";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { AuditService } from "./audit.service";

/** Read-only: no route changes or deletes an entry. */
@Controller("audit")
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Authenticated("audit.read")
  @Header("Cache-Control", "no-store")
  list(@Query(new ZodValidationPipe(AuditQuerySchema)) query: z.output<typeof AuditQuerySchema>): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
