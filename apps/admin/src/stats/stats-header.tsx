import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useServices } from "../app/services";
import { useI18n } from "../i18n/i18n-context";
import { RegistrationsChart } from "./registrations-chart";
import { statsQueryOptions } from "./stats-query";
import { TopCountries } from "./top-countries";

const untilNextUtcDay = (now = Date.now()) => 86_400_000 - (now % 86_400_000) + 1_000;

/** Total, today and last 7 days, the 30-day chart and the top countries; kept live by the users socket. */
export function StatsHeader() {
  const { api } = useServices();
  const { t, format } = useI18n();
  const stats = useQuery(statsQueryOptions(api));
  const { refetch } = stats;

  // "Today" moves at UTC midnight even when nobody registers.
  useEffect(() => {
    const timer = setTimeout(() => void refetch(), untilNextUtcDay());
    return () => clearTimeout(timer);
  }, [refetch, stats.dataUpdatedAt]);

  if (!stats.data) {
    return (
      <section className="stats stats--empty" aria-label={t.statsLabel} data-testid="stats">
        <p className={stats.isError ? "stats__error" : "stats__empty"} role={stats.isError ? "alert" : "status"}>
          {stats.isError ? t.statsFailed : t.statsLoading}
        </p>
      </section>
    );
  }
  const { total, today, last7Days, perDay, byCountry } = stats.data;
  const figures = [
    { key: "total", label: t.statTotal, value: total },
    { key: "today", label: t.statToday, value: today },
    { key: "last7Days", label: t.statLast7Days, value: last7Days },
  ];
  return (
    <section className="stats" aria-label={t.statsLabel} data-testid="stats">
      <dl className="stats__card stats__figures">
        {figures.map((figure) => (
          <div key={figure.key} className="stats__figure">
            <dt className="stats__label">{figure.label}</dt>
            <dd className="stats__value" data-testid={`stat-${figure.key}`} data-value={figure.value}>
              {format.number(figure.value)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="stats__card stats__chart">
        <RegistrationsChart days={perDay} />
      </div>
      <TopCountries countries={byCountry} />
    </section>
  );
}
