import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, ms, type MessageKey } from './messages';

export type Language = 'ms' | 'en';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** A screen message in the current language, `{name}` filled from `params`. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A message the console sent in both languages (its errors), in the current one. */
  pick(text: { ms: string; en: string }): string;
}

const STORAGE_KEY = 'ppv.language';
const I18nContext = createContext<I18n | null>(null);

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ms';
  } catch {
    return 'ms';
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const table = language === 'ms' ? ms : en;
    return {
      language,
      setLanguage(next) {
        setLanguageState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // A browser without storage still switches; it forgets on reload.
        }
      },
      t: (key, params = {}) =>
        table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in params ? String(params[name]) : whole,
        ),
      pick: (text) => text[language],
    };
  }, [language]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n outside LanguageProvider');
  return i18n;
}
