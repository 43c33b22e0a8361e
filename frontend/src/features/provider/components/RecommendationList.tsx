import { Card, Empty, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import type { Recommendation } from "../../../api/types";
import { formatNumber } from "../../../components/format";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { PartsBar } from "../../matches/components/PartsBar";

/** Demands the matcher recommends for the provider's catalogue, best first. */
export function RecommendationList({ items }: { items: Recommendation[] }) {
  const { t, lang } = useI18n();
  if (items.length === 0) return <Empty description={t("provider.recommended.none")} />;
  return (
    <ol style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("provider.recommended")}>
      {items.map((r, i) => (
        <li key={r.match_id} style={{ marginBottom: 12 }}>
          <Card size="small">
            <div style={{ display: "flex", gap: 12, flexWrap: "wrap", justifyContent: "space-between" }}>
              <div style={{ flex: "1 1 320px", minWidth: 0 }}>
                <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                  {i + 1}. <Link to={`/demands/${r.demand.id}`}>{r.demand.title}</Link>
                </Typography.Title>
                <Space size={[4, 4]} wrap style={{ margin: "6px 0" }}>
                  <StatusTag kind="match" status={r.status} />
                  <Typography.Text type="secondary">
                    {t("match.solution")}：<Link to={`/solutions/${r.solution.id}`}>{r.solution.title}</Link>
                  </Typography.Text>
                </Space>
                {r.explanation ? <Typography.Paragraph style={{ margin: "4px 0" }}>{r.explanation}</Typography.Paragraph> : null}
                <Link to={`/workspace/matches/${r.match_id}`}>{t("common.view")}</Link>
              </div>
              <div style={{ flex: "0 1 300px", minWidth: 200 }}>
                <Typography.Text strong>
                  {t("match.score")} {formatNumber(r.score * (r.score <= 1 ? 100 : 1), lang, 0)}
                </Typography.Text>
                <PartsBar parts={r.parts} score={r.score} />
              </div>
            </div>
          </Card>
        </li>
      ))}
    </ol>
  );
}
