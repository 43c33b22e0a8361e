import { DownloadOutlined } from "@ant-design/icons";
import { Card, Empty, Segmented, Space, Statistic, Typography } from "antd";
import { useMemo, useState } from "react";
import type { Dashboard } from "../../../api/types";
import { AsyncView } from "../../../components/AsyncView";
import { Chart } from "../../../components/Chart";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { formatNumber } from "../../../components/format";
import { useAsync } from "../../../components/useAsync";
import { hasKey, useI18n, type Translate } from "../../../locales";
import { BucketChart } from "../../home/components/BucketChart";
import { ProgressCards } from "../../home/components/ProgressCards";
import { useAuth } from "../../auth/AuthContext";
import { dashboard, exportDashboard, type DashboardScope } from "../service";
import { useTerm } from "../../../app/TaxonomyContext";

/** A funnel step in the reader's language by its code; the server's (Chinese) label is the fallback. */
function stepName(s: Dashboard["funnel"][number], t: Translate): string {
  const key = `official.funnel.step.${s.step}`;
  return hasKey(key) ? t(key) : s.label;
}

function Funnel({ d }: { d: Dashboard }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: "item" },
      series: [{ type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "30%", label: { show: true, position: "inside", color: "#fff", formatter: t("official.funnel.format") }, data: d.funnel.map((s) => ({ name: stepName(s, t), value: s.count })) }],
      color: ["#1556b8", "#2a6fd1", "#3f88e0", "#2f9e44", "#d4880f", "#8e44ad", "#c0392b"],
    }),
    [d.funnel, t],
  );
  return <Chart option={option} label={t("official.funnel")} table={{ columns: [t("official.funnel.stage"), t("official.funnel.demands")], rows: d.funnel.map((s) => [stepName(s, t), s.count]) }} />;
}

/** The official dashboard: progress, funnel, by field and city, time to engagement; XLSX export. */
export function DashboardPanel() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const term = useTerm();
  // officials of a city see their city first and may widen to the province
  const regional = Boolean(user?.region);
  const [scope, setScope] = useState<DashboardScope>("region");
  const chosen = regional ? scope : undefined;
  const state = useAsync(() => dashboard(chosen), `dashboard:${chosen ?? ""}`);
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", justifyContent: "space-between" }}>
        {regional ? (
          <Segmented<DashboardScope>
            aria-label={t("official.scope")}
            value={scope}
            onChange={setScope}
            options={[
              { value: "region", label: t("official.scope.regionNamed", { region: term(user?.region) }) },
              { value: "province", label: t("official.scope.province") },
            ]}
          />
        ) : (
          <span />
        )}
        <ConfirmButton label={t("official.export")} buttonProps={{ icon: <DownloadOutlined /> }} onClick={() => exportDashboard(chosen)} />
      </div>
      <AsyncView {...state}>
      {(d) => (
        <Space direction="vertical" size={16} style={{ width: "100%" }}>
          <Typography.Text type="secondary" data-testid="dashboard-scope">
            {t("official.scope")}：{d.scope_region ? term(d.scope_region) : t("official.scope.province")}
          </Typography.Text>
          <ProgressCards progress={d.progress} />
          <div className="grid-cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
            <Card title={t("official.funnel")}>{d.funnel.length ? <Funnel d={d} /> : <Empty />}</Card>
            <Card title={t("official.timeToEngagement")}>
              <Statistic value={d.median_days_to_engagement === null ? "—" : t("official.days", { days: formatNumber(d.median_days_to_engagement, lang, 1) })} />
              <span style={{ color: "#595959" }}>{t("official.engagementsMeasured", { count: d.engagements_measured })}</span>
            </Card>
            <Card title={t("home.byField")}>{d.by_field.length ? <BucketChart buckets={d.by_field} label={t("home.byField")} /> : <Empty />}</Card>
            <Card title={t("home.byCity")}>{d.by_city.length ? <BucketChart buckets={d.by_city} label={t("home.byCity")} /> : <Empty />}</Card>
          </div>
        </Space>
      )}
      </AsyncView>
    </Space>
  );
}
