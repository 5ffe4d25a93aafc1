import { z } from "zod";

type Target = "draft-2020-12" | "draft-7";

/** JSON Schema of a contract schema, without the `$schema` line (the documents embed many). */
export function jsonSchemaOf(schema: z.ZodType, options: { io?: "input" | "output"; target?: Target } = {}): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: options.io ?? "output",
    target: options.target ?? "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}
