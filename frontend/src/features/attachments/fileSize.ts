import { formatNumber } from "../../components/format";
import type { Language } from "../../locales";

const UNITS = ["B", "KB", "MB", "GB"] as const;

/** A file's size for people: "812 B", "1.2 KB", "3.4 MB" (1 KB = 1024 B). */
export function formatFileSize(bytes: number, lang: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, lang, unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}
