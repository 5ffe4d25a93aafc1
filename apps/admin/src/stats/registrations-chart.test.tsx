import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { I18nProvider } from "../i18n/i18n-context";
import { barsOf, RegistrationsChart } from "./registrations-chart";

const days = [
  { date: "2026-11-29", count: 2 },
  { date: "2026-11-30", count: 0 },
  { date: "2026-12-01", count: 4 },
];

describe("barsOf", () => {
  it("should scale bars to the busiest day and put the oldest at the reading start", () => {
    const ltr = barsOf(days, "ltr");
    const rtl = barsOf(days, "rtl");

    expect(ltr.map((bar) => bar.height)).toEqual([49, 0, 98]);
    expect(ltr[0]!.x).toBeLessThan(ltr[2]!.x);
    expect(rtl[0]!.x).toBeGreaterThan(rtl[2]!.x);
  });
});

describe("RegistrationsChart", () => {
  afterEach(cleanup);

  const renderIn = (language: "en" | "ar") => {
    localStorage.setItem("moien.admin.language", language);
    return render(
      <I18nProvider>
        <RegistrationsChart days={days} />
      </I18nProvider>,
    );
  };

  beforeEach(() => localStorage.clear());

  it("should describe the chart and list every day in a table when it renders", () => {
    renderIn("en");

    const image = screen.getByRole("img", { name: /Registrations per day, last 30 days/ });
    expect(image.querySelector("desc")?.textContent).toBe("6 registrations in 30 days; the busiest day was Dec 1 with 4.");
    expect(image.querySelectorAll("rect")).toHaveLength(3);
    expect(image.querySelector("rect title")?.textContent).toBe("Nov 29: 2 registrations");
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(4);
  });

  it("should speak Arabic with its plural forms when the language is Arabic", () => {
    renderIn("ar");

    const image = screen.getByRole("img");
    expect(image.querySelectorAll("rect title")[1]?.textContent).toMatch(/لا تسجيلات$/);
    expect(image.querySelectorAll("rect title")[0]?.textContent).toMatch(/تسجيلان$/);
  });
});
