import { Card, Descriptions, Space, Tag, Typography } from "antd";
import { Link, useParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { AuditTimeline } from "../../components/AuditTimeline";
import { formatDate } from "../../components/format";
import { OrgLink } from "../../components/OrgLink";
import { PageTitle } from "../../components/PageTitle";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { useAuth } from "../auth/AuthContext";
import { AdvanceButton } from "./components/AdvanceButton";
import { publicScenario } from "./service";
import { useTerm } from "../../app/TaxonomyContext";

/** A scenario: participants, outcomes, adopters; officials advance it from here. */
export default function ScenarioPage() {
  const id = Number(useParams().id);
  const { t, lang } = useI18n();
  const term = useTerm();
  const { user } = useAuth();
  const state = useAsync(() => publicScenario(id), `scenario:${id}`);
  return (
    <AsyncView {...state}>
      {(s) => (
        <>
          <PageTitle text={s.title} extra={<AdvanceButton scenario={s} onDone={state.setData} />}>
            {s.title} <StatusTag kind="scenario.stage" status={s.stage} />
          </PageTitle>
          <div className="grid-2">
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: "field", label: t("demand.field"), children: term(s.field) },
                  { key: "city", label: t("scenario.city"), children: term(s.city || s.region) },
                  { key: "publisher", label: t("scenario.publisher"), children: <OrgLink org={s.publisher} /> },
                  { key: "provider", label: t("scenario.provider"), children: <OrgLink org={s.provider} /> },
                  { key: "demand", label: t("match.demand"), children: <Link to={`/demands/${s.demand_id}`}>{s.demand_title}</Link> },
                  { key: "solution", label: t("match.solution"), children: s.solution_id && s.solution_title ? <Link to={`/solutions/${s.solution_id}`}>{s.solution_title}</Link> : s.solution_title ?? "—" },
                  { key: "designated", label: t("scenario.designated_at"), children: formatDate(s.designated_at, lang) },
                  { key: "demo", label: t("scenario.stage.demonstration"), children: formatDate(s.demonstration_at, lang) },
                  { key: "rep", label: t("scenario.stage.replicable"), children: formatDate(s.replicable_at, lang) },
                ]}
              />
              <Card size="small" title={t("scenario.outcomes")}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{s.outcomes || "—"}</Typography.Paragraph>
              </Card>
              <Card size="small" title={t("scenario.adopters")}>
                {s.adopters.length ? s.adopters.map((a) => <Tag key={a}>{a}</Tag>) : "—"}
              </Card>
            </Space>
            {user ? <AuditTimeline objectType="scenario" objectId={s.id} version={s.version} /> : null}
          </div>
        </>
      )}
    </AsyncView>
  );
}
