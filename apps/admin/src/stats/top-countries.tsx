import type { UsersStats } from "@moien/contracts";
import { flagEmoji } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";

const SHOWN = 5;

/** The countries with the most users, each with a bar relative to the first. */
export function TopCountries({ countries }: { countries: UsersStats["byCountry"] }) {
  const { t, format } = useI18n();
  const top = countries.slice(0, SHOWN);
  const largest = Math.max(1, top[0]?.count ?? 1);
  return (
    <section className="stats__card top-countries" aria-labelledby="top-countries-title" data-testid="top-countries">
      <h2 className="stats__label" id="top-countries-title">
        {t.topCountries}
      </h2>
      {top.length === 0 ? (
        <p className="stats__empty">{t.noCountries}</p>
      ) : (
        <ol className="top-countries__list">
          {top.map((country) => (
            <li key={country.countryCode} className="top-countries__item" data-country={country.countryCode}>
              <span className="top-countries__name">
                <span className="flag" aria-hidden="true">
                  {flagEmoji(country.countryCode)}
                </span>{" "}
                {format.country(country.countryCode, country.countryName)}
              </span>
              <span className="top-countries__count">{format.number(country.count)}</span>
              <svg className="top-countries__bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                <rect className="top-countries__track" width={100} height={6} rx={3} />
                <rect className="top-countries__fill" width={(country.count / largest) * 100} height={6} rx={3} />
              </svg>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
