import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req, Res, Body } from "@nestjs/common";
import {
  CountUsersQuerySchema,
  ExportDownloadQuerySchema,
  type ExportLink,
  ExportUsersQuerySchema,
  ListUsersQuerySchema,
  type PublicUser,
  type UsersCount,
  type UsersFilters,
  type UsersPage,
  type UsersStats,
  UserIdParamSchema,
} from "@moien/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../auth/auth.guard";
import type { Principal } from "../auth/principal";
import { RateLimit } from "../common/rate-limit.guard";
import { RequestId } from "../common/request-id.decorator";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { RegisterUserPipe, type RegisterUserCommand } from "./register-user.pipe";
import { ExportLinks } from "./export-links";
import { UsersExportService, type UsersExport } from "./users-export.service";
import { UsersStatsService } from "./users-stats.service";
import { UsersService } from "./users.service";

const EXPORT_PARAMETERS = Object.keys(ExportUsersQuerySchema.shape);
const idPipe = new ZodValidationPipe(UserIdParamSchema);
type IdParam = z.output<typeof UserIdParamSchema>;

@Controller("users")
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly exports: UsersExportService,
    private readonly exportLinks: ExportLinks,
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
    await this.sendExport(reply, await this.exports.startOrThrow(principal, query, requestId));
  }

  private async sendExport(reply: FastifyReply, { filename, body }: UsersExport): Promise<void> {
    await reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="${filename}"`)
      .header("Cache-Control", "no-store")
      .send(body);
  }

  /**
   * The console's export: every check answered here, then a 60 s single-use link the browser's own
   * download manager follows (see export-links.ts).
   */
  @Post("export/links")
  @Authenticated("users.export")
  @Header("Cache-Control", "no-store")
  createExportLink(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(ExportUsersQuerySchema)) _validated: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ExportLink> {
    void reply.status(201);
    // The query as sent, only the export's own parameters (validated above): the download parses it again.
    const sent = request.query as Record<string, string>;
    const query = Object.fromEntries(EXPORT_PARAMETERS.filter((key) => key in sent).map((key) => [key, sent[key] as string]));
    return this.exportLinks.issueOrThrow(principal, query);
  }

  /** Authenticated by its link alone (a browser navigation carries no Authorization header). */
  @Get("export/download")
  async downloadExport(
    @Query(new ZodValidationPipe(ExportDownloadQuerySchema)) { link }: z.output<typeof ExportDownloadQuerySchema>,
    @RequestId() requestId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { principal, command } = await this.exportLinks.redeemOrThrow(link);
    await this.sendExport(reply, await this.exports.startOrThrow(principal, command, requestId));
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
