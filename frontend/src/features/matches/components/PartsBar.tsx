import { Tooltip, Typography } from "antd";
import { formatNumber } from "../../../components/format";
import { useI18n } from "../../../locales";

const COLORS = ["#1556b8", "#2f9e44", "#d4880f", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];

/** The score's parts as one stacked bar, each part's share of the whole, with a legend in words. */
export function PartsBar({ parts, score }: { parts: Record<string, number>; score: number | null }) {
  const { t, label, lang } = useI18n();
  const entries = Object.entries(parts).filter(([, v]) => Number.isFinite(v) && v > 0);
  const sum = entries.reduce((acc, [, v]) => acc + v, 0);
  // the bar's filled length is the overall score (0–1); the parts split it in proportion
  const filled = score !== null && score >= 0 && score <= 1 ? score : sum > 0 ? Math.min(1, sum) : 0;
  const described = entries.map(([k, v]) => `${label("match.part", k)} ${formatNumber(v, lang, 2)}`).join("，");
  return (
    <div>
      <div className="parts-bar" role="img" aria-label={`${t("match.parts")}：${described || "—"}`} data-testid="parts-bar">
        {entries.map(([k, v], i) => (
          <Tooltip key={k} title={`${label("match.part", k)}：${formatNumber(v, lang, 2)}`}>
            <span data-part={k} style={{ width: `${sum > 0 ? (v / sum) * filled * 100 : 0}%`, background: COLORS[i % COLORS.length] }} />
          </Tooltip>
        ))}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {entries.map(([k, v], i) => (
          <span key={k} style={{ marginRight: 10, whiteSpace: "nowrap" }}>
            <span aria-hidden style={{ display: "inline-block", width: 8, height: 8, background: COLORS[i % COLORS.length], marginRight: 4, borderRadius: 2 }} />
            {label("match.part", k)} {formatNumber(v, lang, 2)}
          </span>
        ))}
      </Typography.Text>
    </div>
  );
}
