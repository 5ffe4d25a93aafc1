import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from "@nestjs/common";
import { PROBLEM_CONTENT_TYPE } from "@moien/contracts";
import type { FastifyReply } from "fastify";
import { describeError } from "./error-chain";
import { toProblem } from "./problem";

/** The one place where errors become HTTP answers. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger("HTTP");

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== "http") return;
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), error, this.logger);
  }
}

export function sendProblem(reply: FastifyReply, error: unknown, logger: Logger): void {
  const { problem, headers, unexpected } = toProblem(error);
  // Class, code and constraint only: messages and stacks carry query parameters (names, emails, hashes).
  if (unexpected) logger.error(`unexpected error: ${describeError(error)}`);
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
