import { useQuery } from "@tanstack/react-query";
import { can } from "@moien/contracts";
import { useServices, useSessionState } from "../app/services";
import { useI18n } from "../i18n/i18n-context";
import { countQueryOptions, statsQueryOptions } from "../stats/stats-query";
import { ExportButton } from "./export/export-button";
import { FiltersBar } from "./filters/filters-bar";
import type { ViewState } from "./filters/use-view-filters";
import { hasFilters } from "./filters/view-filters";
import { SearchBox } from "./search-box";

/** Title, search, filters, the matching count (GET /users/count) and the export of the view. */
export function UsersToolbar({ state, loaded }: { state: ViewState; loaded: number }) {
  const { api } = useServices();
  const { session } = useSessionState();
  const { t, format } = useI18n();
  const count = useQuery(countQueryOptions(api, state.view));
  const countries = useQuery(statsQueryOptions(api)).data?.byCountry ?? [];
  const total = count.data?.total;
  const filtered = hasFilters(state.filters);

  return (
    <div className="users__toolbar">
      <h1 className="users__title">{t.usersTable}</h1>
      <SearchBox value={state.searchInput} onChange={state.setSearchInput} />
      <FiltersBar filters={state.filters} onChange={state.setFilters} onClear={state.clear} countries={countries} />
      <div className="users__summary">
        <p className="users__matching" data-testid="matching-count" data-total={total ?? ""}>
          {total === undefined ? "" : (filtered ? t.matchingUsers : t.usersCount)(total, format.number(total))}
        </p>
        <p className="users__count" data-testid="loaded-count">
          {t.loadedCount(format.number(loaded))}
        </p>
        {can(session?.operator.role, "users.export") && <ExportButton view={state.view} />}
      </div>
    </div>
  );
}
