import { Body, Controller, Header, HttpCode, Ip, Post } from "@nestjs/common";
import { type LoginResponse, LoginRequestSchema } from "@moien/contracts";
import type { z } from "zod";
import { RateLimit } from "../common/rate-limit.guard";
import { RequestId } from "../common/request-id.decorator";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { AuthService } from "./auth.service";

@Controller("auth")
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post("login")
  @HttpCode(200)
  @RateLimit("login")
  // The answer is a bearer token: no cache may keep it.
  @Header("Cache-Control", "no-store")
  login(
    @Body(new ZodValidationPipe(LoginRequestSchema)) body: z.output<typeof LoginRequestSchema>,
    @Ip() ip: string,
    @RequestId() requestId: string,
  ): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password, ip, requestId);
  }
}
