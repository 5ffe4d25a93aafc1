import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post } from "@nestjs/common";
import {
  type CreatedOperator,
  CreateOperatorRequestSchema,
  type Operator,
  OperatorIdParamSchema,
  UpdateOperatorRequestSchema,
} from "@moien/contracts";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../auth/auth.guard";
import type { Principal } from "../auth/principal";
import { RequestId } from "../common/request-id.decorator";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { OperatorsService } from "./operators.service";

const idPipe = new ZodValidationPipe(OperatorIdParamSchema);
type IdParam = z.output<typeof OperatorIdParamSchema>;

/** The console's Operators page (admins). */
@Controller("operators")
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Get()
  @Authenticated("operators.manage")
  @Header("Cache-Control", "no-store")
  async list(): Promise<{ items: Operator[] }> {
    return { items: await this.operators.list() };
  }

  @Post()
  @Authenticated("operators.manage")
  @Header("Cache-Control", "no-store")
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new ZodValidationPipe(CreateOperatorRequestSchema)) body: z.output<typeof CreateOperatorRequestSchema>,
    @RequestId() requestId: string,
  ): Promise<CreatedOperator> {
    return this.operators.createOrThrow(admin, body, requestId);
  }

  @Patch(":id")
  @Authenticated("operators.manage")
  @Header("Cache-Control", "no-store")
  update(
    @CurrentPrincipal() admin: Principal,
    @Param(idPipe) { id }: IdParam,
    @Body(new ZodValidationPipe(UpdateOperatorRequestSchema)) body: z.output<typeof UpdateOperatorRequestSchema>,
    @RequestId() requestId: string,
  ): Promise<Operator> {
    return this.operators.updateOrThrow(admin, id, body, requestId);
  }

  @Post(":id/mfa-reset")
  @HttpCode(204)
  @Authenticated("operators.manage")
  resetFactors(@CurrentPrincipal() admin: Principal, @Param(idPipe) { id }: IdParam, @RequestId() requestId: string): Promise<void> {
    return this.operators.resetFactorsOrThrow(admin, id, requestId);
  }

  @Delete(":id/sessions")
  @HttpCode(204)
  @Authenticated("operators.manage")
  endSessions(@CurrentPrincipal() admin: Principal, @Param(idPipe) { id }: IdParam, @RequestId() requestId: string): Promise<void> {
    return this.operators.endSessionsOrThrow(admin, id, requestId);
  }
}
