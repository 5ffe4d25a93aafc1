import { foldWhitespace } from "@moien/contracts";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { navigate, useLocation } from "../../app/router";
import { useDebouncedValue } from "../use-debounced-value";
import { emptyFilters, readViewFilters, toViewQuery, writeViewFilters, type ViewFilters, type ViewQuery } from "./view-filters";

const SEARCH_DEBOUNCE_MS = 250;

export type ViewState = {
  filters: ViewFilters;
  /** The API query of the filters (what list, count and export send). */
  view: ViewQuery;
  /** The query string of the view, for links that keep it. */
  search: string;
  searchInput: string;
  setSearchInput: (value: string) => void;
  setFilters: (next: Partial<ViewFilters>) => void;
  clear: () => void;
};

/**
 * The search and filters of the users view, kept in the address (`?q=&country=&from=&to=`) so a view
 * can be reloaded and shared; typing replaces the entry, Back and Forward move between views.
 */
export function useViewFilters(): ViewState {
  const location = useLocation();
  const filters = useMemo(() => readViewFilters(location.search), [location.search]);
  const [searchInput, setSearchInput] = useState(filters.q);
  const typed = foldWhitespace(useDebouncedValue(searchInput, SEARCH_DEBOUNCE_MS));
  const written = useRef(filters.q);

  const write = useCallback(
    (next: ViewFilters, replace: boolean) => {
      written.current = next.q;
      navigate(location.pathname + writeViewFilters(next, location.search), { replace });
    },
    [location.pathname, location.search],
  );

  useEffect(() => {
    if (typed !== filters.q && typed !== written.current) write({ ...filters, q: typed }, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text drives this
  }, [typed]);

  useEffect(() => {
    // The address changed from outside (Back, a link): the box shows its search.
    if (filters.q !== written.current) {
      written.current = filters.q;
      setSearchInput(filters.q);
    }
  }, [filters.q]);

  const view = useMemo(() => toViewQuery(filters), [filters]);
  return {
    filters,
    view,
    search: location.search,
    searchInput,
    setSearchInput,
    setFilters: (next) => write({ ...filters, ...next }, false),
    clear: () => {
      setSearchInput("");
      write(emptyFilters, false);
    },
  };
}
