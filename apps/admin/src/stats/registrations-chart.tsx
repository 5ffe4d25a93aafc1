import type { UsersStats } from "@moien/contracts";
import { useId } from "react";
import { useI18n } from "../i18n/i18n-context";

type Day = UsersStats["perDay"][number];

// The bars live in a 300 × 100 box scaled to the card (preserveAspectRatio="none"); text stays in HTML.
const WIDTH = 300;
const HEIGHT = 100;
const GAP = 0.25;

export type Bar = { date: string; count: number; x: number; y: number; width: number; height: number };

/** The geometry of one bar per day; oldest at the reading start (left in English, right in Arabic). */
export function barsOf(days: readonly Day[], dir: "ltr" | "rtl"): Bar[] {
  const step = WIDTH / Math.max(1, days.length);
  const peak = Math.max(1, ...days.map((day) => day.count));
  return days.map((day, index) => {
    const height = (day.count / peak) * (HEIGHT - 2);
    const slot = dir === "rtl" ? days.length - 1 - index : index;
    return { date: day.date, count: day.count, x: slot * step + (step * GAP) / 2, y: HEIGHT - height, width: step * (1 - GAP), height };
  });
}

/** Registrations per day as plain SVG: a title and description for assistive technology, and the same figures as a hidden table. */
export function RegistrationsChart({ days }: { days: readonly Day[] }) {
  const { t, format, dir } = useI18n();
  const id = useId();
  const bars = barsOf(days, dir);
  const total = days.reduce((sum, day) => sum + day.count, 0);
  const busiest = days.reduce<Day | undefined>((best, day) => (!best || day.count > best.count ? day : best), undefined);
  const description =
    total === 0 || !busiest
      ? t.chartEmpty
      : t.chartDescription(t.registrations(total, format.number(total)), format.day(busiest.date), format.number(busiest.count));
  const peak = Math.max(0, ...days.map((day) => day.count));
  const first = days[0];
  const last = days[days.length - 1];

  return (
    <figure className="chart" data-testid="registrations-chart">
      <figcaption className="stats__label">{t.chartTitle}</figcaption>
      <div className="chart__plot">
        <span className="chart__scale" aria-hidden="true">
          <span>{format.number(peak)}</span>
          <span>{format.number(0)}</span>
        </span>
        <svg
          className="chart__svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
        >
          <title id={`${id}-title`}>{t.chartTitle}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <line className="chart__baseline" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
          {bars.map((bar) => (
            <rect
              key={bar.date}
              className={bar.date === last?.date ? "chart__bar chart__bar--today" : "chart__bar"}
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
              data-date={bar.date}
              data-count={bar.count}
            >
              <title>{`${format.day(bar.date)}: ${t.registrations(bar.count, format.number(bar.count))}`}</title>
            </rect>
          ))}
        </svg>
      </div>
      <div className="chart__axis" aria-hidden="true">
        <span>{first ? format.day(first.date) : ""}</span>
        <span>{t.today}</span>
      </div>
      <table className="visually-hidden">
        <caption>{t.chartTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.columnDay}</th>
            <th scope="col">{t.columnRegistrations}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{format.day(day.date, true)}</th>
              <td>{format.number(day.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
