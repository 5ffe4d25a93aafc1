import type { UsersStats } from "@moien/contracts";
import { useI18n } from "../../i18n/i18n-context";
import { hasFilters, isRangeInvalid, type ViewFilters } from "./view-filters";

type Props = {
  filters: ViewFilters;
  onChange: (next: Partial<ViewFilters>) => void;
  onClear: () => void;
  /** The countries that have users (from the statistics): the choices of the country filter. */
  countries: UsersStats["byCountry"];
};

/** Country and registration-date filters, beside the search; their values live in the address. */
export function FiltersBar({ filters, onChange, onClear, countries }: Props) {
  const { t, format } = useI18n();
  const selected = filters.country.join(",");
  const known = new Set(countries.map((country) => country.countryCode));
  const options = countries
    .map((country) => ({ value: country.countryCode, label: format.country(country.countryCode, country.countryName) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  // A shared link may name countries without users yet, or several: still shown as chosen.
  if (selected && !(filters.country.length === 1 && known.has(selected))) options.unshift({ value: selected, label: selected });

  return (
    <fieldset className="filters" data-testid="filters">
      <legend className="visually-hidden">{t.filtersLabel}</legend>
      <label className="filters__field">
        <span className="search__label">{t.filterCountry}</span>
        <select
          data-testid="filter-country"
          className="filters__input"
          value={selected}
          onChange={(event) => onChange({ country: event.target.value ? event.target.value.split(",") : [] })}
        >
          <option value="">{t.allCountries}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span className="search__label">{t.filterFrom}</span>
        <input
          type="date"
          data-testid="filter-from"
          className="filters__input"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(event) => onChange({ from: event.target.value })}
        />
      </label>
      <label className="filters__field">
        <span className="search__label">{t.filterTo}</span>
        <input
          type="date"
          data-testid="filter-to"
          className="filters__input"
          value={filters.to}
          min={filters.from || undefined}
          aria-invalid={isRangeInvalid(filters) || undefined}
          aria-describedby={isRangeInvalid(filters) ? "filters-range-error" : undefined}
          onChange={(event) => onChange({ to: event.target.value })}
        />
      </label>
      {hasFilters(filters) && (
        <button type="button" className="button button--quiet filters__clear" data-testid="clear-filters" onClick={onClear}>
          {t.clearFilters}
        </button>
      )}
      {isRangeInvalid(filters) && (
        <p id="filters-range-error" className="filters__error" role="alert">
          {t.rangeInvalid}
        </p>
      )}
    </fieldset>
  );
}
