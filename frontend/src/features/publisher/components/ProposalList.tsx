import { Empty, List, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import type { ProposalRead } from "../../../api/types";
import { formatDate, formatWan } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { Attachments } from "../../attachments/Attachments";

/** Proposals (揭榜方案): received on a demand, or sent by a provider. */
export function ProposalList({ proposals, show }: { proposals: ProposalRead[]; show: "organization" | "demand" }) {
  const { t, lang } = useI18n();
  if (proposals.length === 0) return <Empty description={t("proposal.none")} />;
  return (
    <List
      itemLayout="vertical"
      dataSource={proposals}
      renderItem={(p) => (
        <List.Item key={p.id}>
          <List.Item.Meta
            title={
              <Space wrap>
                {show === "organization" ? <OrgLink org={{ id: p.organization_id, name: p.organization_name ?? "—" }} /> : <Link to={`/demands/${p.demand_id}`}>{p.demand_title}</Link>}
                {p.match_status ? <StatusTag kind="match" status={p.match_status} /> : null}
              </Space>
            }
            description={`${t("proposal.price")}：${formatWan(p.price_wan, lang)} · ${t("proposal.timeline")}：${p.timeline_months ? t("proposal.monthsValue", { months: p.timeline_months }) : "—"} · ${formatDate(p.created_at, lang)}`}
          />
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }} ellipsis={{ rows: 4, expandable: true }}>
            {p.summary}
          </Typography.Paragraph>
          <div style={{ marginBottom: 8 }}>
            <Attachments kind="proposal" parent={p} bare />
          </div>
          {p.match_id ? <Link to={`/workspace/matches/${p.match_id}`}>{t("common.view")}</Link> : null}
        </List.Item>
      )}
    />
  );
}
