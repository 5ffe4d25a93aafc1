import { useI18n } from "../i18n/i18n-context";

export const SEARCH_INPUT_ID = "users-search";

export function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="search">
      <label htmlFor={SEARCH_INPUT_ID} className="search__label">
        {t.searchLabel}
      </label>
      <input
        id={SEARCH_INPUT_ID}
        data-testid="search-box"
        type="search"
        className="search__input"
        placeholder={t.searchPlaceholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        aria-keyshortcuts="/"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
