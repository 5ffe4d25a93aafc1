import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { applySuspensionEvents, type SuspendedUsers } from "./suspended-users";

const id = makeUser().id;
const other = makeUser().id;

describe("applySuspensionEvents", () => {
  it("should add a suspension with its end and take it away on reinstatement or deletion", () => {
    const empty: SuspendedUsers = new Map();
    const suspended = applySuspensionEvents(empty, [{ name: "users.suspended", payload: { id, until: null } }]);
    expect(suspended?.get(id)).toEqual({ userId: id, until: null });
    expect(applySuspensionEvents(suspended, [{ name: "users.reinstated", payload: { id } }])?.has(id)).toBe(false);
    expect(applySuspensionEvents(suspended, [{ name: "users.deleted", payload: { id } }])?.has(id)).toBe(false);
  });

  it("should replace a suspension when the user is suspended again, dropping what the event does not carry", () => {
    const known: SuspendedUsers = new Map([[id, { userId: id, until: null, reason: "fraud" }]]);
    const until = "2026-12-31T00:00:00.000Z";
    expect(applySuspensionEvents(known, [{ name: "users.suspended", payload: { id, until } }])?.get(id)).toEqual({ userId: id, until });
  });

  it("should keep what the list said of a suspension when its own event echoes it", () => {
    const known: SuspendedUsers = new Map([[id, { userId: id, until: null, reason: "fraud" }]]);
    expect(applySuspensionEvents(known, [{ name: "users.suspended", payload: { id, until: null } }])).toBe(known);
  });

  it("should give back the same object when no event concerns a suspended user", () => {
    const known: SuspendedUsers = new Map([[id, { userId: id, until: null }]]);
    expect(applySuspensionEvents(known, [{ name: "users.deleted", payload: { id: other } }])).toBe(known);
    expect(applySuspensionEvents(undefined, [{ name: "users.suspended", payload: { id, until: null } }])).toBeUndefined();
  });
});
