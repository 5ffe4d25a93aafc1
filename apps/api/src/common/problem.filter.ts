import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from "@nestjs/common";
import { PROBLEM_CONTENT_TYPE } from "@moien/contracts";
import type { FastifyReply } from "fastify";
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
  if (unexpected) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
