import { Card, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { ScenarioRead } from "../../../api/types";
import { formatDate } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { useTerm } from "../../../app/TaxonomyContext";

export function ScenarioCard({ scenario }: { scenario: ScenarioRead }) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Card size="small">
      <article>
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
          <Link to={`/scenarios/${scenario.id}`}>{scenario.title}</Link>
        </Typography.Title>
        <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
          <StatusTag kind="scenario.stage" status={scenario.stage} />
          <Tag color="blue">{term(scenario.field)}</Tag>
          <Tag>{term(scenario.city || scenario.region)}</Tag>
        </Space>
        <div>
          <Typography.Text type="secondary">
            {[scenario.publisher, scenario.provider]
              .filter((o) => o !== null && o !== undefined)
              .map((o, i) => (
                <span key={o.id}>
                  {i ? " × " : ""}
                  <OrgLink org={o} />
                </span>
              ))}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary">
          {t("scenario.designated_at")} {formatDate(scenario.designated_at, lang)}
        </Typography.Text>
      </article>
    </Card>
  );
}
