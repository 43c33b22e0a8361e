import { Card, Progress as AntProgress, Statistic } from "antd";
import type { Progress } from "../../../api/types";
import { formatNumber } from "../../../components/format";
import { useI18n } from "../../../locales";

/** Scenarios and demonstrations against the programme's targets (100 / 20). */
export function ProgressCards({ progress }: { progress: Progress }) {
  const { t, lang } = useI18n();
  const pct = (n: number, of: number) => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 0);
  const cards = [
    { title: t("home.scenarios"), value: progress.scenarios, target: progress.scenarios_target },
    { title: t("home.demonstrations"), value: progress.demonstrations, target: progress.demonstrations_target },
  ];
  return (
    <div className="grid-cards">
      {cards.map((c) => (
        <Card key={c.title}>
          <Statistic title={c.title} value={formatNumber(c.value, lang)} suffix={`/ ${formatNumber(c.target, lang)}`} />
          <AntProgress percent={pct(c.value, c.target)} aria-label={`${c.title} ${t("home.target", { target: c.target })}`} />
          <span style={{ color: "#595959" }}>{t("home.target", { target: c.target })}</span>
        </Card>
      ))}
      <Card>
        <Statistic title={t("home.replicable")} value={formatNumber(progress.replicable, lang)} />
      </Card>
    </div>
  );
}
