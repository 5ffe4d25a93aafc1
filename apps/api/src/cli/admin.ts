import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { EmailSchema, PasswordSchema } from "@moien/contracts";
import { NestFactory } from "@nestjs/core";
import { Module } from "@nestjs/common";
import { coreModules } from "../app.module";
import { AuthService } from "../auth/auth.service";
import { resolveJwtSecret } from "../auth/jwt-secret";
import { loadConfig } from "../config/config";
import { openDatabase } from "../database/database";
import { parseCommandArgs, runCommand, usageError } from "./run-command";

const HELP = `Create an admin, or reset an admin's password (which signs out that admin's sessions).

Usage: npm run admin -- --email <email> [--password-stdin | --password <password>]

  --email            the admin's email
  --password-stdin   read the password (8 to 128 characters) from standard input (one trailing line
                     break is dropped): it stays out of \`ps\` and of the shell history (recommended)
  --password         the password on the command line (discouraged: visible to every user in \`ps\`
                     and kept in the shell history)
                     Without either, a password is generated and printed.
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
          help: { type: "boolean" },
        },
      }).values,
  );
  if (typeof args === "number") return args;
  if (args["password-stdin"] && args.password !== undefined) {
    return usageError("--password and --password-stdin cannot be used together.", HELP);
  }
  const email = EmailSchema.safeParse(args.email);
  const given = args["password-stdin"] ? await readStdin() : args.password;
  const generated = given === undefined;
  const password = PasswordSchema.safeParse(given ?? randomBytes(12).toString("base64url"));
  if (!email.success || !password.success) {
    const issues = [...(email.error?.issues ?? []), ...(password.error?.issues ?? [])];
    return usageError(issues.map((i) => i.message).join("\n"), HELP);
  }

  const config = loadConfig();
  const database = await openDatabase(config);
  @Module({ imports: coreModules({ config, database, jwtSecret: resolveJwtSecret(config) }) })
  class AdminCommandModule {}
  const app = await NestFactory.createApplicationContext(AdminCommandModule, { logger: ["error"] });
  try {
    const outcome = await app.get(AuthService).upsertAdmin(email.data, password.data, "command");
    if (outcome === null) {
      console.error(`${email.data} belongs to a registered user, not an admin; choose another email.`);
      return 1;
    }
    console.log(`${outcome === "created" ? "Created" : "Reset the password of"} admin ${email.data}.`);
    if (generated) console.log(`Password: ${password.data}`);
    return 0;
  } finally {
    await app.close();
    await database.close();
  }
}

runCommand(main);
