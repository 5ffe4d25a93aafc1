import { describe, expect, it } from "vitest";
import { createFormatters } from "../i18n/format";
import { catalogs } from "../i18n/messages";
import { makeUser } from "../test/factories";
import { announcementFor } from "./announcement";

describe("announcementFor", () => {
  it("should name the user when one user arrives", () => {
    expect(announcementFor([makeUser({ fullName: "Ahmed Mohamed Ali" })], catalogs.en, createFormatters("en"))).toBe(
      "New user: Ahmed Mohamed Ali",
    );
  });

  it("should give a count in the viewer's digits when a burst arrives", () => {
    const burst = Array.from({ length: 12 }, () => makeUser());
    expect(announcementFor(burst, catalogs.en, createFormatters("en"))).toBe("12 new users");
    expect(announcementFor(burst, catalogs.ar, createFormatters("ar"))).toBe("١٢ مستخدمين جدد");
  });

  it("should say nothing when nobody arrived", () => {
    expect(announcementFor([], catalogs.en, createFormatters("en"))).toBe("");
  });
});
