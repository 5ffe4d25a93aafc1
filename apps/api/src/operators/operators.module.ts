import { Module } from "@nestjs/common";
import { OperatorsController } from "./operators.controller";
import { OperatorsRepository } from "./operators.repository";
import { OperatorsService } from "./operators.service";

/** Admins managing operators: roles, disabling, factors, sessions (the Operators page). */
@Module({ controllers: [OperatorsController], providers: [OperatorsService, OperatorsRepository] })
export class OperatorsModule {}
