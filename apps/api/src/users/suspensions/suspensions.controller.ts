import { Body, Controller, Delete, Get, Header, HttpCode, Param, Put, Query } from "@nestjs/common";
import {
  type Suspension,
  type SuspensionsPage,
  SuspensionsQuerySchema,
  SuspendUserRequestSchema,
  UserIdParamSchema,
} from "@moien/contracts";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../../auth/auth.guard";
import type { Principal } from "../../auth/principal";
import { RequestId } from "../../common/request-id.decorator";
import { ZodValidationPipe } from "../../common/zod-validation.pipe";
import { SuspensionsService } from "./suspensions.service";

const idPipe = new ZodValidationPipe(UserIdParamSchema);
type IdParam = z.output<typeof UserIdParamSchema>;

// `/users/suspensions` is a static path: the router prefers it to `/users/:id` whatever the order.
@Controller("users")
export class SuspensionsController {
  constructor(private readonly suspensions: SuspensionsService) {}

  @Get("suspensions")
  @Authenticated("users.read")
  @Header("Cache-Control", "no-store")
  list(@Query(new ZodValidationPipe(SuspensionsQuerySchema)) query: z.output<typeof SuspensionsQuerySchema>): Promise<SuspensionsPage> {
    return this.suspensions.listOrThrow(query.limit, query.cursor);
  }

  @Put(":id/suspension")
  @Authenticated("users.edit")
  @Header("Cache-Control", "no-store")
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param(idPipe) { id }: IdParam,
    @Body(new ZodValidationPipe(SuspendUserRequestSchema)) body: z.output<typeof SuspendUserRequestSchema>,
    @RequestId() requestId: string,
  ): Promise<Suspension> {
    return this.suspensions.suspendOrThrow(principal, id, body, requestId);
  }

  @Delete(":id/suspension")
  @Authenticated("users.edit")
  @HttpCode(204)
  reinstate(@CurrentPrincipal() principal: Principal, @Param(idPipe) { id }: IdParam, @RequestId() requestId: string): Promise<void> {
    return this.suspensions.reinstateOrThrow(principal, id, requestId);
  }
}
