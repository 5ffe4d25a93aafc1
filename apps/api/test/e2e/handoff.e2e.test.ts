import type { PublicUser } from "@moien/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { BACKENDS, useAppOn } from "../support/backends";
import { aRegistration } from "../support/factories";
import { closeAllSockets, connectedAdmin, expectNoMoreEvents, recordEvents } from "../support/sockets";

type Recorder = ReturnType<typeof recordEvents>;

/** Each user's events in arrival order, by id. */
function eventsByUser(recorder: Recorder): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const { name, payload } of recorder.events) {
    const id = (payload as { id: string }).id;
    byUser.set(id, [...(byUser.get(id) ?? []), name]);
  }
  return byUser;
}

// The relay hands each commit's events straight to the sockets (no read-back); these check that what
// the sockets get is still exactly once and in commit order when many requests commit at once.
describe.each(BACKENDS)("the direct hand-off on %s storage", (backend) => {
  const ctx = useAppOn(backend);
  afterEach(() => closeAllSockets());

  it("should deliver many concurrent registrations and deletions exactly once each, every creation before its deletion", async () => {
    const recorders = await Promise.all([1, 2].map(async () => recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken))));
    const chains = Array.from({ length: 40 }, async () => {
      const created = await ctx.http.register(aRegistration());
      expect(created.status).toBe(201);
      const deleted = await ctx.http.request("DELETE", `/api/v1/users/${created.body.id}`, { token: ctx.adminToken });
      expect(deleted.status).toBe(204);
      return created.body.id;
    });
    const ids = await Promise.all(chains);
    for (const recorder of recorders) {
      await recorder.waitFor(80, 10_000);
      await expectNoMoreEvents(recorder, 80);
      const byUser = eventsByUser(recorder);
      expect([...byUser.keys()].sort()).toEqual([...ids].sort());
      for (const names of byUser.values()) expect(names).toEqual(["users.created", "users.deleted"]);
    }
  });

  it("should end on the committed state when many updates of one user race, each announced once", async () => {
    const recorder = recordEvents(await connectedAdmin(ctx.app.url, ctx.adminToken));
    const created = await ctx.http.register(aRegistration());
    await recorder.waitFor(1);
    const names = Array.from({ length: 30 }, (_, i) => `Racing Name ${i}`);
    const answers = await Promise.all(
      names.map((fullName) =>
        ctx.http.request<PublicUser>("PATCH", `/api/v1/users/${created.body.id}`, { body: { fullName }, token: ctx.adminToken }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 200));
    // Each PATCH that changed something sent one users.updated; one repeating the current name sends none.
    await recorder.waitFor(1 + 30, 10_000);
    await expectNoMoreEvents(recorder, 31);
    const updates = recorder.of<PublicUser>("users.updated");
    const stored = await ctx.http.request<PublicUser>("GET", `/api/v1/users/${created.body.id}`, { token: ctx.adminToken });
    // In commit order, the last update is the state the database kept.
    expect(updates.at(-1)).toEqual(stored.body);
    expect(new Set(updates.map((u) => u.fullName)).size).toBe(30);
  });
});
