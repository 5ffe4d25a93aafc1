import { describe, expect, it } from "vitest";
import { createFormatters } from "../i18n/format";
import { catalogs } from "../i18n/messages";
import { makeUser } from "../test/factories";
import { announcementFor } from "./announcement";

const created = (fullName?: string) => ({ kind: "created" as const, user: makeUser(fullName ? { fullName } : {}) });
const updated = (fullName?: string) => ({ kind: "updated" as const, user: makeUser(fullName ? { fullName } : {}) });

describe("announcementFor", () => {
  it("should name the user when one user arrives", () => {
    expect(announcementFor([created("Ahmed Mohamed Ali")], catalogs.en, createFormatters("en"))).toBe("New user: Ahmed Mohamed Ali");
  });

  it("should give a count in the viewer's digits when a burst arrives", () => {
    const burst = Array.from({ length: 12 }, () => created());
    expect(announcementFor(burst, catalogs.en, createFormatters("en"))).toBe("12 new users");
    expect(announcementFor(burst, catalogs.ar, createFormatters("ar"))).toBe("١٢ مستخدمين جدد");
  });

  it("should name a changed user, and count changes beside new users when both come", () => {
    expect(announcementFor([updated("Sara Haddad")], catalogs.en, createFormatters("en"))).toBe("Updated: Sara Haddad");
    expect(announcementFor([created("A B"), updated(), updated()], catalogs.en, createFormatters("en"))).toBe(
      "New user: A B 2 users updated",
    );
  });

  it("should say nothing when nobody arrived", () => {
    expect(announcementFor([], catalogs.en, createFormatters("en"))).toBe("");
  });
});
