import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Res, Body } from "@nestjs/common";
import {
  CountUsersQuerySchema,
  ListUsersQuerySchema,
  type PublicUser,
  type UsersCount,
  type UsersFilters,
  type UsersPage,
  UserIdParamSchema,
} from "@moien/contracts";
import type { FastifyReply } from "fastify";
import type { z } from "zod";
import { Authenticated, CurrentPrincipal } from "../auth/auth.guard";
import type { Principal } from "../auth/principal";
import { RateLimit } from "../common/rate-limit.guard";
import { ZodValidationPipe } from "../common/zod-validation.pipe";
import { RegisterUserPipe, type RegisterUserCommand } from "./register-user.pipe";
import { UsersService } from "./users.service";

const idPipe = new ZodValidationPipe(UserIdParamSchema);
type IdParam = z.output<typeof UserIdParamSchema>;

@Controller("users")
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post("register")
  @RateLimit("register")
  async register(@Body(RegisterUserPipe) body: RegisterUserCommand, @Res({ passthrough: true }) reply: FastifyReply): Promise<PublicUser> {
    const user = await this.users.register(body);
    void reply.status(201).header("Location", `/api/v1/users/${user.id}`);
    return user;
  }

  @Get()
  @Authenticated("admin")
  list(@Query(new ZodValidationPipe(ListUsersQuerySchema)) query: z.output<typeof ListUsersQuerySchema>): Promise<UsersPage> {
    return this.users.list(query);
  }

  // Declared before ":id" so "count" is never taken for an id.
  @Get("count")
  @Authenticated("admin")
  count(@Query(new ZodValidationPipe(CountUsersQuerySchema)) query: UsersFilters): Promise<UsersCount> {
    return this.users.count(query);
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
  remove(@CurrentPrincipal() principal: Principal, @Param(idPipe) { id }: IdParam): Promise<void> {
    return this.users.deleteUserOrThrow(principal, id);
  }
}
