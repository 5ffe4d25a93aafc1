import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Res, Body } from "@nestjs/common";
import {
  CountUsersQuerySchema,
  ExportUsersQuerySchema,
  ListUsersQuerySchema,
  type PublicUser,
  type UsersCount,
  type UsersFilters,
  type UsersPage,
  type UsersStats,
  UserIdParamSchema,
} from "@moien/contracts";
import type { FastifyReply } from "fastify";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../auth/auth.guard";
import type { Principal } from "../auth/principal";
import { RateLimit } from "../common/rate-limit.guard";
import { RequestId } from "../common/request-id.decorator";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { RegisterUserPipe, type RegisterUserCommand } from "./register-user.pipe";
import { UsersExportService } from "./users-export.service";
import { UsersStatsService } from "./users-stats.service";
import { UsersService } from "./users.service";

const idPipe = new ZodValidationPipe(UserIdParamSchema);
type IdParam = z.output<typeof UserIdParamSchema>;

@Controller("users")
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly exports: UsersExportService,
    private readonly usersStats: UsersStatsService,
  ) {}

  @Post("register")
  @RateLimit("register")
  @Header("Cache-Control", "no-store")
  async register(@Body(RegisterUserPipe) body: RegisterUserCommand, @Res({ passthrough: true }) reply: FastifyReply): Promise<PublicUser> {
    const user = await this.users.register(body);
    void reply.status(201).header("Location", `/api/v1/users/${user.id}`);
    return user;
  }

  @Get()
  @Authenticated("users.read")
  @Header("Cache-Control", "no-store")
  list(@Query(new ZodValidationPipe(ListUsersQuerySchema)) query: z.output<typeof ListUsersQuerySchema>): Promise<UsersPage> {
    return this.users.list(query);
  }

  // Declared before ":id" so "count" is never taken for an id.
  @Get("count")
  @Authenticated("users.read")
  @Header("Cache-Control", "no-store")
  count(@Query(new ZodValidationPipe(CountUsersQuerySchema)) query: UsersFilters): Promise<UsersCount> {
    return this.users.count(query);
  }

  // Before ":id", or "export" would be taken for an id.
  @Get("export")
  @Authenticated("users.export")
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(ExportUsersQuerySchema)) query: z.output<typeof ExportUsersQuerySchema>,
    @RequestId() requestId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { filename, body } = await this.exports.startOrThrow(principal, query, requestId);
    void reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="${filename}"`)
      .header("Cache-Control", "no-store")
      .send(body);
  }

  @Get("stats")
  @Authenticated("users.read")
  @Header("Cache-Control", "no-store")
  stats(): Promise<UsersStats> {
    return this.usersStats.stats();
  }

  @Get(":id")
  @Authenticated()
  @Header("Cache-Control", "no-store")
  findOne(@CurrentPrincipal() principal: Principal, @Param(idPipe) { id }: IdParam): Promise<PublicUser> {
    return this.users.findUserByIdOrThrow(principal, id);
  }

  @Delete(":id")
  @Authenticated()
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param(idPipe) { id }: IdParam, @RequestId() requestId: string): Promise<void> {
    return this.users.deleteUserOrThrow(principal, id, requestId);
  }
}
