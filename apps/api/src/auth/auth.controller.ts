import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Req, Res } from "@nestjs/common";
import {
  type CurrentSession,
  LoginRequestSchema,
  type LoginResponse,
  MfaEnrollConfirmRequestSchema,
  type MfaEnrolledResponse,
  type MfaEnrollment,
  MfaEnrollStartRequestSchema,
  MfaVerifyRequestSchema,
  OperatorPasswordRequestSchema,
  type OperatorSessions,
  SessionIdParamSchema,
  StepUpRequestSchema,
  type TokenResponse,
} from "@moien/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { RateLimit } from "../common/rate-limit.guard";
import { RequestId } from "../common/request-id.decorator";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { Authenticated, CurrentPrincipal } from "./auth.guard";
import { AuthService, type SignedIn, type SignInContext } from "./auth.service";
import { MfaService } from "./mfa/mfa.service";
import type { Principal } from "./principal";
import { OperatorSessionsService } from "./sessions/operator-sessions.service";
import { clearSessionCookie, setSessionCookie } from "./sessions/session-cookie";

const contextOf = (request: FastifyRequest, requestId: string): SignInContext => ({
  address: request.ip,
  userAgent: typeof request.headers["user-agent"] === "string" ? request.headers["user-agent"] : null,
  requestId,
});

/** The token in the body for API clients; the same token in an HttpOnly cookie for the console (operators only). */
function answerSignedIn(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn): TokenResponse {
  const { cookieMaxAgeSeconds, ...body } = signedIn;
  if (cookieMaxAgeSeconds > 0) setSessionCookie(request, reply, body.accessToken, cookieMaxAgeSeconds);
  return body;
}

@Controller("auth")
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly sessions: OperatorSessionsService,
  ) {}

  @Post("login")
  @HttpCode(200)
  @RateLimit("login")
  @Header("Cache-Control", "no-store")
  async login(
    @Body(new ZodValidationPipe(LoginRequestSchema)) body: z.output<typeof LoginRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestId() requestId: string,
  ): Promise<LoginResponse> {
    const answer = await this.auth.login(body.email, body.password, contextOf(request, requestId));
    return "cookieMaxAgeSeconds" in answer ? answerSignedIn(request, reply, answer) : answer;
  }

  @Post("mfa/verify")
  @HttpCode(200)
  @RateLimit("login")
  @Header("Cache-Control", "no-store")
  async verify(
    @Body(new ZodValidationPipe(MfaVerifyRequestSchema)) body: z.output<typeof MfaVerifyRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestId() requestId: string,
  ): Promise<TokenResponse> {
    return answerSignedIn(request, reply, await this.mfa.verifyOrThrow(body.challenge, body.code, contextOf(request, requestId)));
  }

  @Post("mfa/enroll")
  @HttpCode(200)
  @RateLimit("login")
  @Header("Cache-Control", "no-store")
  startEnrollment(@Body(new ZodValidationPipe(MfaEnrollStartRequestSchema)) body: { challenge: string }): Promise<MfaEnrollment> {
    return this.mfa.startEnrollmentOrThrow(body.challenge);
  }

  @Post("mfa/enroll/confirm")
  @HttpCode(200)
  @RateLimit("login")
  @Header("Cache-Control", "no-store")
  async confirmEnrollment(
    @Body(new ZodValidationPipe(MfaEnrollConfirmRequestSchema)) body: z.output<typeof MfaEnrollConfirmRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestId() requestId: string,
  ): Promise<MfaEnrolledResponse> {
    const { recoveryCodes, ...signedIn } = await this.mfa.confirmEnrollmentOrThrow(body, contextOf(request, requestId));
    return { ...answerSignedIn(request, reply, signedIn), recoveryCodes };
  }

  @Post("mfa/step-up")
  @HttpCode(204)
  @RateLimit("login")
  @Authenticated("operator")
  stepUp(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(StepUpRequestSchema)) body: { code: string },
  ): Promise<void> {
    return this.mfa.stepUpOrThrow(principal, body.code);
  }

  @Get("session")
  @Authenticated("operator")
  @Header("Cache-Control", "no-store")
  current(@CurrentPrincipal() principal: Principal): Promise<CurrentSession> {
    return this.sessions.currentOrThrow(principal);
  }

  @Post("logout")
  @HttpCode(204)
  @Authenticated("operator")
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endOwn(principal, principal.sessionId ?? "", "sign-out");
    clearSessionCookie(request, reply);
  }

  @Get("sessions")
  @Authenticated("operator")
  @Header("Cache-Control", "no-store")
  mine(@CurrentPrincipal() principal: Principal): Promise<OperatorSessions> {
    return this.sessions.listOwn(principal);
  }

  @Delete("sessions/:id")
  @HttpCode(204)
  @Authenticated("operator")
  endMine(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodValidationPipe(SessionIdParamSchema)) { id }: z.output<typeof SessionIdParamSchema>,
  ): Promise<void> {
    return this.sessions.endOwnOrThrow(principal, id);
  }

  @Post("password")
  @HttpCode(204)
  @RateLimit("login")
  @Authenticated("operator")
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(OperatorPasswordRequestSchema)) body: z.output<typeof OperatorPasswordRequestSchema>,
    @RequestId() requestId: string,
  ): Promise<void> {
    return this.sessions.changePasswordOrThrow(principal, body.currentPassword, body.newPassword, requestId);
  }
}
