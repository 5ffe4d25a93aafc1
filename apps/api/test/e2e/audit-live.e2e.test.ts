import { AUDIT_NAMESPACE, AuditEntrySchema, type AuditServerToClientEvents } from "@moien/contracts";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disposeApp, startApp, type AppProcess } from "../support/app-process";
import { httpClient, registeredUser, type Http } from "../support/factories";
import { createOperator, firstSignIn } from "../support/operators";
import { sleep } from "../support/sockets";

// Contract, "Realtime": namespace /audit (admins only, the same handshake) pushes audit.created after
// each audited action commits, so one admin sees another's deletion, export or role change as it happens.
type AuditSocket = Socket<AuditServerToClientEvents>;
const opened: AuditSocket[] = [];

function auditSocket(url: string, token?: string): AuditSocket {
  const socket: AuditSocket = io(url + AUDIT_NAMESPACE, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: token ? { token } : {},
  });
  opened.push(socket);
  return socket;
}

const outcome = (socket: AuditSocket) =>
  new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
  });

describe("the live audit namespace", () => {
  let app: AppProcess;
  let http: Http;
  let adminToken: string;

  beforeAll(async () => {
    app = await startApp();
    http = httpClient(app.url);
    adminToken = await app.adminToken();
  });
  afterEach(() => opened.splice(0).forEach((s) => s.disconnect()));
  afterAll(() => disposeApp(app));

  it("should admit admins only: unauthorized without a token, forbidden to a viewer or a registered user", async () => {
    expect(await outcome(auditSocket(app.url))).toBe("unauthorized");
    expect(await outcome(auditSocket(app.url, (await registeredUser(http)).token))).toBe("forbidden");
    const viewer = await createOperator(http, adminToken, "viewer");
    const { token } = await firstSignIn(http, viewer.email, viewer.oneTimePassword, false);
    expect(await outcome(auditSocket(app.url, token))).toBe("forbidden");
    expect(await outcome(auditSocket(app.url, adminToken))).toBe("connected");
  });

  it("should push another admin's deletion and role change once each, as the audit log has them", async () => {
    const watcher = auditSocket(app.url, adminToken);
    const received: unknown[] = [];
    watcher.on("audit.created", (entry) => received.push(entry));
    expect(await outcome(watcher)).toBe("connected");

    const colleague = await createOperator(http, adminToken, "admin");
    const { token } = await firstSignIn(http, colleague.email, colleague.oneTimePassword, false);
    const { user } = await registeredUser(http);
    expect((await http.request("DELETE", `/api/v1/users/${user.id}`, { token })).status).toBe(204);
    const viewer = await createOperator(http, token, "viewer");
    expect((await http.request("PATCH", `/api/v1/operators/${viewer.id}`, { token, body: { role: "support" } })).status).toBe(200);

    const deadline = Date.now() + 3_000;
    const entries = () => received.map((e) => AuditEntrySchema.parse(e));
    while (Date.now() < deadline && !entries().some((e) => e.action === "operator.role_changed")) await sleep(50);
    await sleep(1_200); // a few more polls: nothing is sent twice
    const seen = entries();
    const deletion = seen.filter((e) => e.action === "user.deleted" && e.target?.id === user.id);
    expect(deletion).toHaveLength(1);
    expect(deletion[0]?.actor?.email).toBe(colleague.email);
    expect(seen.filter((e) => e.action === "operator.role_changed" && e.target?.id === viewer.id)).toHaveLength(1);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    // What the socket sent is what the log holds.
    const log = await http.request<{ items: unknown[] }>("GET", "/api/v1/audit?action=user.deleted", { token: adminToken });
    expect(log.body.items.map((e) => AuditEntrySchema.parse(e)).find((e) => e.target?.id === user.id)).toEqual(deletion[0]);
  });
});
