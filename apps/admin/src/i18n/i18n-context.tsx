import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { createFormatters, type Formatters } from "./format";
import { catalogs, isLanguage, type Language, type Messages } from "./messages";

const STORAGE_KEY = "moien.admin.language";

export type I18n = {
  language: Language;
  dir: "ltr" | "rtl";
  t: Messages;
  format: Formatters;
  setLanguage: (language: Language) => void;
};

const I18nContext = createContext<I18n | null>(null);

function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage disabled: fall through to the browser's preference
  }
  return navigator.language.toLowerCase().startsWith("ar") ? "ar" : "en";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);
  const dir = language === "ar" ? "rtl" : "ltr";

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = dir;
  }, [language, dir]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still applied
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({ language, dir, t: catalogs[language], format: createFormatters(language), setLanguage }),
    [language, dir, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
