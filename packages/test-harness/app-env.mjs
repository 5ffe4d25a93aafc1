// The one environment of every API process a test or the benchmark starts (plain JavaScript, so the
// benchmark's .mjs files can import it without a build step; typed by app-env.d.mts).
import { resolve } from "node:path";

/** The built API every harness spawns. */
export const API_MAIN = resolve(import.meta.dirname, "../../apps/api/dist/main.js");

/** The first admin of every test process. */
export const TEST_ADMIN = { email: "admin@moien.test", password: "admin-password-1" };

/**
 * `NODE_ENV=test` on loopback with the first admin set and every limit off: suites and the bench open
 * many sockets from one address with one token; the tests about limits switch them on explicitly.
 * `OPERATOR_MFA=optional`: the first admin has no second factor, so a password signs it in; the suites
 * about sign-in set `OPERATOR_MFA=required` and `ADMIN_TOTP_SECRET` and compute codes.
 */
export function testAppEnv({ port, dataDir, admin = TEST_ADMIN, databaseUrl }) {
  return {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    RATE_LIMIT_REGISTER: "0",
    RATE_LIMIT_LOGIN: "0",
    RATE_LIMIT_EXPORT: "0",
    SOCKET_CONNECT_LIMIT: "0",
    // Thousands of sockets from 127.0.0.1 (the benchmark's fleet, the socket suites); slow-clients sets its own.
    HTTP_MAX_CONNECTIONS_PER_ADDRESS: "0",
    SOCKET_MAX_PER_TOKEN: "0",
    LOG_LEVEL: "warn",
    OPERATOR_MFA: "optional",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}
