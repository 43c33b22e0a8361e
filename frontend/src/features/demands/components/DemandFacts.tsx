import { Descriptions, Tag } from "antd";
import type { DemandPublic } from "../../../api/types";
import { formatDate, formatWanRange } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { useI18n } from "../../../locales";
import { useTerm } from "../../../app/TaxonomyContext";

/** The facts of a demand, the same on the public page and in the workspaces. */
export function DemandFacts({ demand }: { demand: DemandPublic }) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: "org", label: t("demand.organization"), children: <OrgLink org={demand.organization} /> },
        { key: "field", label: t("demand.field"), children: term(demand.field) },
        { key: "industry", label: t("demand.industry"), children: term(demand.industry) },
        { key: "region", label: t("demand.region"), children: term(demand.region) },
        { key: "tier", label: t("demand.scenario_tier"), children: term(demand.scenario_tier) },
        { key: "trl", label: t("demand.trl_required"), children: demand.trl_required ?? "—" },
        { key: "budget", label: t("demand.budget"), children: formatWanRange(demand.budget_min_wan, demand.budget_max_wan, lang) },
        { key: "mode", label: t("demand.cooperation_mode"), children: term(demand.cooperation_mode) },
        { key: "deadline", label: t("demand.deadline"), children: formatDate(demand.deadline, lang) },
        { key: "published", label: t("demand.published_at"), children: formatDate(demand.published_at, lang) },
        {
          key: "keywords",
          label: t("demand.keywords"),
          span: 2,
          children: demand.keywords.length ? demand.keywords.map((k) => <Tag key={k}>{k}</Tag>) : "—",
        },
      ]}
    />
  );
}
