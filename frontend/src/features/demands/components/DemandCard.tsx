import { Card, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { DemandPublic } from "../../../api/types";
import { formatDate, formatWanRange } from "../../../components/format";
import { Highlighted } from "../../../components/Highlighted";
import { OrgLink } from "../../../components/OrgLink";
import { useI18n } from "../../../locales";
import { useTerm } from "../../../app/TaxonomyContext";

export function DemandCard({ demand, to, highlight }: { demand: DemandPublic; to?: string; highlight?: readonly string[] }) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <article>
        <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
          <Link to={to ?? `/demands/${demand.id}`}>
            <Highlighted text={demand.title} words={highlight} />
          </Link>
        </Typography.Title>
        <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
          <Tag color="blue">{term(demand.field)}</Tag>
          <Tag>{term(demand.industry)}</Tag>
          <Tag>{term(demand.region)}</Tag>
          {demand.scenario_tier ? <Tag>{term(demand.scenario_tier)}</Tag> : null}
          {demand.trl_required ? <Tag>TRL {demand.trl_required}</Tag> : null}
        </Space>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 8 }}>
          <Highlighted text={demand.description} words={highlight} />
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <OrgLink org={demand.organization} /> · {t("demand.budget")} {formatWanRange(demand.budget_min_wan, demand.budget_max_wan, lang)}
          {demand.deadline ? ` · ${t("demand.deadline")} ${formatDate(demand.deadline, lang)}` : ""}
        </Typography.Text>
      </article>
    </Card>
  );
}
