// Dates, money (万元) and numbers in Chinese conventions (and plain English ones for en-US).
import dayjs from "dayjs";
import type { Language } from "../locales";

export function formatDate(value: string | null | undefined, lang: Language): string {
  if (!value) return "—";
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return lang === "zh-CN" ? d.format("YYYY年M月D日") : d.format("YYYY-MM-DD");
}

export function formatDateTime(value: string | null | undefined, lang: Language): string {
  if (!value) return "—";
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return lang === "zh-CN" ? d.format("YYYY年M月D日 HH:mm") : d.format("YYYY-MM-DD HH:mm");
}

export function formatNumber(value: number | null | undefined, lang: Language, digits = 0): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
}

/** A single amount in 万元: "120 万元" / "1,200.5 万元". */
export function formatWan(value: number | null | undefined, lang: Language): string {
  if (value === null || value === undefined) return "—";
  const n = formatNumber(value, lang, 2);
  return lang === "zh-CN" ? `${n} 万元` : `${n} ×10k CNY`;
}

/** A range in 万元: "50–200 万元", "≥ 50 万元", "≤ 200 万元", or "面议". */
export function formatWanRange(
  min: number | null | undefined,
  max: number | null | undefined,
  lang: Language,
): string {
  const unit = lang === "zh-CN" ? " 万元" : " ×10k CNY";
  const f = (v: number) => formatNumber(v, lang, 2);
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  if (hasMin && hasMax) return min === max ? `${f(min)}${unit}` : `${f(min)}–${f(max)}${unit}`;
  if (hasMin) return `≥ ${f(min)}${unit}`;
  if (hasMax) return `≤ ${f(max)}${unit}`;
  return lang === "zh-CN" ? "面议" : "Negotiable";
}

export function formatPercent(value: number, lang: Language): string {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value);
}
