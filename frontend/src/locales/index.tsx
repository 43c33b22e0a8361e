import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { currentLanguage, storeLanguage } from "../api/client";
import { enUS } from "./en-US";
import { zhCN, type MessageKey } from "./zh-CN";

export type Language = "zh-CN" | "en-US";
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { "zh-CN": zhCN, "en-US": enUS };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translator(lang: Language): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => interpolate(dict[key] ?? key, vars);
}

/** A key built at run time (a status, an action, an error code), when the dictionary has it. */
export function hasKey(key: string): key is MessageKey {
  return key in zhCN;
}

interface I18nValue {
  lang: Language;
  t: Translate;
  /** Label for a value that may have a dictionary entry under `prefix.value`, else the value. */
  label: (prefix: string, value: string | null | undefined) => string;
  setLang: (lang: Language) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(currentLanguage);
  const setLang = useCallback((next: Language) => {
    storeLanguage(next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang; // screen readers pick their voice from it
  }, [lang]);
  const value = useMemo<I18nValue>(() => {
    const t = translator(lang);
    const label = (prefix: string, v: string | null | undefined) => {
      if (v === null || v === undefined || v === "") return "—";
      const key = `${prefix}.${v}`;
      return hasKey(key) ? t(key) : v;
    };
    return { lang, t, label, setLang };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The UI language (zh-CN outside the provider): what the server writes its texts in (Accept-Language). */
export function useLanguage(): Language {
  return useContext(I18nContext)?.lang ?? currentLanguage();
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
