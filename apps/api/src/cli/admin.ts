import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { EmailSchema, OperatorRoleSchema, PasswordSchema } from "@moien/contracts";
import { NestFactory } from "@nestjs/core";
import { Module } from "@nestjs/common";
import { coreModules } from "../app.module";
import { AuthService } from "../auth/auth.service";
import { resolveJwtSecret } from "../auth/jwt-secret";
import { loadConfig } from "../config/config";
import { openDatabase } from "../database/database";
import { parseCommandArgs, runCommand, usageError } from "./run-command";

const HELP = `Create an operator, or change one: reset a password, set a role, reset the second factor.
Any change to an existing operator ends their sessions. A password reset never removes a factor.

Usage: npm run admin -- --email <email> [--role viewer|support|admin] [--password-stdin | --password <password>] [--reset-mfa]

  --email            the operator's email
  --role             viewer, support or admin (a new operator: admin by default; an existing one keeps
                     their role unless this is given)
  --reset-mfa        remove the operator's TOTP factor and recovery codes: they enrol again at next sign-in
  --password-stdin   read the password (8 to 128 characters) from standard input (one trailing line
                     break is dropped): it stays out of \`ps\` and of the shell history (recommended)
  --password         the password on the command line (discouraged: visible to every user in \`ps\`
                     and kept in the shell history)
                     Without either, a new operator gets a generated one-time password (printed,
                     to be changed at first sign-in); an existing one given neither --role nor
                     --reset-mfa gets a generated one too.
  --help             show this text

  printf '%s' "$PASSWORD" | npm run admin -- --email ops@moien.example --password-stdin

Uses the same configuration as the server (DATABASE_URL, DATA_DIR, ...). With the embedded
store, stop the server first: one process at a time may open DATA_DIR.

Exit codes: 0 done, 1 could not run, 2 wrong arguments.`;

/** Standard input up to its end; one final line break (what `echo` adds) is not part of the password. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  const args = parseCommandArgs(
    HELP,
    () =>
      parseArgs({
        options: {
          email: { type: "string" },
          password: { type: "string" },
          "password-stdin": { type: "boolean" },
          role: { type: "string" },
          "reset-mfa": { type: "boolean" },
          help: { type: "boolean" },
        },
      }).values,
  );
  if (typeof args === "number") return args;
  if (args["password-stdin"] && args.password !== undefined) {
    return usageError("--password and --password-stdin cannot be used together.", HELP);
  }
  const email = EmailSchema.safeParse(args.email);
  const role = args.role === undefined ? undefined : OperatorRoleSchema.safeParse(args.role);
  const given = args["password-stdin"] ? await readStdin() : args.password;
  const generated = given === undefined;
  const password = PasswordSchema.safeParse(given ?? randomBytes(12).toString("base64url"));
  if (!email.success || !password.success || role?.success === false) {
    const issues = [...(email.error?.issues ?? []), ...(password.error?.issues ?? []), ...(role?.error?.issues ?? [])];
    return usageError(issues.map((i) => i.message).join("\n"), HELP);
  }
  // A role or a factor reset alone leaves the password as it is.
  const changesPassword = !generated || (role === undefined && !args["reset-mfa"]);

  const config = loadConfig();
  const database = await openDatabase(config);
  @Module({ imports: coreModules({ config, database, jwtSecret: resolveJwtSecret(config) }) })
  class AdminCommandModule {}
  const app = await NestFactory.createApplicationContext(AdminCommandModule, { logger: ["error"] });
  try {
    const outcome = await app.get(AuthService).upsertOperator(
      {
        email: email.data,
        role: role?.data,
        password: changesPassword ? password.data : undefined,
        passwordChangeRequired: changesPassword && generated,
        resetFactors: args["reset-mfa"] === true,
      },
      "command",
    );
    if (outcome === null) {
      console.error(`${email.data} belongs to a registered user, not an operator; choose another email.`);
      return 1;
    }
    if (outcome === "created") console.log(`Created operator ${email.data} (${role?.data ?? "admin"}).`);
    else console.log(`Updated operator ${email.data}; their sessions have ended.`);
    if (changesPassword && generated) console.log(`One-time password (to be changed at first sign-in): ${password.data}`);
    return 0;
  } finally {
    await app.close();
    await database.close();
  }
}

runCommand(main);
