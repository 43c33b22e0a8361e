import { Card, Descriptions, Tag, Typography } from "antd";
import { useParams } from "react-router-dom";
import { offers } from "../../api/actions";
import { AsyncView } from "../../components/AsyncView";
import { formatDate, formatWanRange } from "../../components/format";
import { LinkButton } from "../../components/LinkButton";
import { OrgLink } from "../../components/OrgLink";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { Attachments } from "../attachments/Attachments";
import { useAuth } from "../auth/AuthContext";
import { LinkList } from "./components/LinkList";
import { getPublicSolution } from "./service";
import { useTerm } from "../../app/TaxonomyContext";

const tags = (values: string[], name: (v: string) => string = (v) => v) => (values.length ? values.map((v) => <Tag key={v}>{name(v)}</Tag>) : "—");
const text = (value: string | null) => (value ? <span style={{ whiteSpace: "pre-wrap" }}>{value}</span> : "—");

/** A solution's page (技术供给): what it is, its provider, and the work it has been part of. */
export default function SolutionPage() {
  const id = Number(useParams().id);
  const { t, lang } = useI18n();
  const term = useTerm();
  const { user } = useAuth();
  // what may be read and next_actions are the caller's: fetch again when the person changes
  const state = useAsync(() => getPublicSolution(id), `public-solution:${id}:${user?.id ?? "anonymous"}`);
  return (
    <AsyncView {...state}>
      {(s) => (
        <>
          <PageTitle
            text={s.title}
            extra={
              offers(s, "edit") ? (
                <LinkButton to={`/workspace/solutions/${s.id}/edit`} type="primary">
                  {t("common.edit")}
                </LinkButton>
              ) : undefined
            }
          >
            {s.title} <Tag color={s.visibility === "public" ? "green" : undefined}>{t(`solution.visibility.${s.visibility}` as const)}</Tag>
          </PageTitle>
          <Card style={{ marginBottom: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("solution.about")}</h2>}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", fontSize: 15, margin: 0 }}>{s.description}</Typography.Paragraph>
          </Card>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={[
              { key: "provider", label: t("solution.provider"), children: <OrgLink org={s.organization} /> },
              { key: "trl", label: t("solution.trl"), children: s.trl ?? "—" },
              { key: "fields", label: t("solution.fields"), children: tags(s.fields, term) },
              { key: "industries", label: t("solution.industries"), children: tags(s.industries, term) },
              { key: "price", label: t("solution.price"), children: formatWanRange(s.price_min_wan, s.price_max_wan, lang) },
              { key: "regions", label: t("solution.regions_served"), children: tags(s.regions_served, term) },
              { key: "keywords", label: t("solution.keywords"), span: 2, children: tags(s.keywords) },
              { key: "ip", label: t("solution.ip_summary"), span: 2, children: text(s.ip_summary) },
              { key: "references", label: t("solution.references"), span: 2, children: text(s.references) },
              { key: "updated", label: t("solution.updated_at"), span: 2, children: formatDate(s.updated_at, lang) },
            ]}
          />
          <div className="grid-cards" style={{ marginTop: 16 }}>
            <LinkList
              title={t("solution.answered_demands")}
              items={s.answered_demands ?? []}
              to="/demands"
              kind="demand"
              none={t("solution.answered_demands.none")}
            />
            <LinkList
              title={t("solution.scenarios")}
              items={(s.scenarios ?? []).map((x) => ({ ...x, status: x.stage }))}
              to="/scenarios"
              kind="scenario.stage"
              none={t("solution.scenarios.none")}
            />
          </div>
          <div style={{ marginTop: 16 }}>
            <Attachments kind="solution" parent={s} />
          </div>
        </>
      )}
    </AsyncView>
  );
}
