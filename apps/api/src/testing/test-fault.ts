import { z } from "zod";

/**
 * The faults the e2e tests inject, with NODE_ENV=test only (the config refuses TEST_FAULT otherwise);
 * `TestFaultsModule` wires the one that is set, and nothing of it is loaded without it:
 * - `crash-after-commit`: the process dies between a commit and its hand-off to the sockets;
 * - `failing-query`: a route that runs a failing query (what the logs say about it);
 * - `slow-register`: a registration waits 1 s before it runs (to shut down meanwhile);
 * - `slow-database-ping`: the embedded store's health ping takes 1 s.
 */
export const testFaultSchema = z.enum(["crash-after-commit", "failing-query", "slow-register", "slow-database-ping"]);

export type TestFault = z.output<typeof testFaultSchema>;

/** TEST_FAULT from the environment: absent, or one of the faults above with NODE_ENV=test. */
export function testFaultOf(env: Record<string, string | undefined>): z.ZodSafeParseResult<TestFault | undefined> {
  return z
    .object({ NODE_ENV: z.string().optional(), TEST_FAULT: testFaultSchema.optional() })
    .refine((e) => !e.TEST_FAULT || e.NODE_ENV === "test", { path: ["TEST_FAULT"], message: "is only allowed when NODE_ENV=test" })
    .transform((e) => e.TEST_FAULT)
    .safeParse(env);
}
