import { useI18n } from "../i18n/i18n-context";

export function SearchBox({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  return (
    <div className="search">
      <label htmlFor="users-search" className="search__label">
        {t.searchLabel}
      </label>
      <input
        id="users-search"
        data-testid="search-box"
        type="search"
        className="search__input"
        placeholder={t.searchPlaceholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
