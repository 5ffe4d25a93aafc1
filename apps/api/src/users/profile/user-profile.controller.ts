import { Body, Controller, Header, HttpCode, Param, Patch, Post } from "@nestjs/common";
import { ChangePasswordRequestSchema, type PublicUser, UserIdParamSchema } from "@moien/contracts";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../../auth/auth.guard";
import type { Principal } from "../../auth/principal";
import { RateLimit } from "../../common/rate-limit.guard";
import { RequestId } from "../../common/request-id.decorator";
import { ZodValidationPipe } from "../../common/zod-validation.pipe";
import { UpdateUserPipe, type UpdateUserCommand } from "./update-user.pipe";
import { UserProfileService } from "./user-profile.service";

const idPipe = new ZodValidationPipe(UserIdParamSchema);

@Controller("users")
export class UserProfileController {
  constructor(private readonly profiles: UserProfileService) {}

  @Patch(":id")
  @Authenticated()
  @Header("Cache-Control", "no-store")
  update(
    @CurrentPrincipal() principal: Principal,
    @Param(idPipe) { id }: z.output<typeof UserIdParamSchema>,
    @Body(UpdateUserPipe) body: UpdateUserCommand,
    @RequestId() requestId: string,
  ): Promise<PublicUser> {
    return this.profiles.updateOrThrow(principal, id, body, requestId);
  }

  // The current password is checked like a login: a stolen token must not try passwords at will.
  @Post("me/password")
  @RateLimit("login")
  @Authenticated()
  @HttpCode(204)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(ChangePasswordRequestSchema)) body: z.output<typeof ChangePasswordRequestSchema>,
    @RequestId() requestId: string,
  ): Promise<void> {
    return this.profiles.changePasswordOrThrow(principal, body, requestId);
  }
}
