import { Card, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { SolutionPublic } from "../../../api/types";
import { formatWanRange } from "../../../components/format";
import { Highlighted } from "../../../components/Highlighted";
import { OrgLink } from "../../../components/OrgLink";
import { useI18n } from "../../../locales";
import { useTerm } from "../../../app/TaxonomyContext";

/** A solution in the catalogue or on a profile: its title and summary with the found words marked. */
export function SolutionCard({ solution, highlight }: { solution: SolutionPublic; highlight?: readonly string[] }) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <article>
        <Typography.Title level={3} style={{ fontSize: 17, marginTop: 0 }}>
          <Link to={`/solutions/${solution.id}`}>
            <Highlighted text={solution.title} words={highlight} />
          </Link>
        </Typography.Title>
        <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
          {solution.fields.map((f) => (
            <Tag key={f} color="blue">
              {term(f)}
            </Tag>
          ))}
          {solution.industries.map((i) => (
            <Tag key={i}>{term(i)}</Tag>
          ))}
          {solution.trl ? <Tag>TRL {solution.trl}</Tag> : null}
          {solution.visibility === "members" ? <Tag>{t("solution.visibility.members")}</Tag> : null}
        </Space>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 8 }}>
          <Highlighted text={solution.description} words={highlight} />
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <OrgLink org={solution.organization} /> · {t("solution.price")} {formatWanRange(solution.price_min_wan, solution.price_max_wan, lang)}
          {solution.regions_served.length ? ` · ${solution.regions_served.map(term).join(lang === "en-US" ? ", " : "、")}` : ""}
        </Typography.Text>
      </article>
    </Card>
  );
}
