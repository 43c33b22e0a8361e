import { Card, Empty, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { offers } from "../../../api/actions";
import type { MatchRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { formatNumber } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { ReasonButton } from "../../../components/ReasonButton";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { ApplyButton } from "./ApplyButton";
import { PartsBar } from "./PartsBar";

export type Side = "demand" | "provider";

interface Props {
  matches: MatchRead[];
  /** Which side the viewer is on: decides what "my confirmation" means (the buttons come from each match's next_actions). */
  side: Side;
  onEngage: (match: MatchRead) => Promise<unknown>;
  onDecline: (match: MatchRead, reason: string) => Promise<unknown>;
  onApply?: (match: MatchRead, pilotPlan: string) => Promise<unknown>;
  /** A link to each match's own page (not on that page itself). */
  detailLink?: boolean;
}

/** What a match is about, as the viewer's side sees it: for the demand side the solution (its
 * page) or else its provider (the profile); for the provider the demand, through the match. */
function Subject({ match: m, side }: { match: MatchRead; side: Side }) {
  if (side === "provider") return <Link to={`/workspace/matches/${m.match_id}`}>{m.demand.title}</Link>;
  return m.solution ? <Link to={`/solutions/${m.solution.id}`}>{m.solution.title}</Link> : <OrgLink org={m.provider} />;
}

/** Ranked candidates with the score's parts as a bar and the explanation in words. */
export function MatchList({ matches, side, onEngage, onDecline, onApply, detailLink = true }: Props) {
  const { t, label, lang } = useI18n();
  if (matches.length === 0) return <Empty description={t("match.none")} />;
  return (
    <ol style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("publisher.matches")}>
      {matches.map((m, i) => {
        const mine = side === "demand" ? m.demand_engaged : m.provider_engaged;
        return (
          <li key={m.match_id} style={{ marginBottom: 12 }} data-testid={`match-${m.match_id}`}>
            <Card size="small">
              <div style={{ display: "flex", gap: 12, flexWrap: "wrap", justifyContent: "space-between" }}>
                <div style={{ flex: "1 1 320px", minWidth: 0 }}>
                  <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                    {i + 1}. <Subject match={m} side={side} />
                  </Typography.Title>
                  <Space size={[4, 4]} wrap style={{ margin: "6px 0" }}>
                    <StatusTag kind="match" status={m.status} />
                    <Tag>{label("match.origin", m.origin)}</Tag>
                    {side === "demand" && m.solution ? <OrgLink org={m.provider} /> : null}
                  </Space>
                  {m.explanation ? (
                    <Typography.Paragraph style={{ margin: "4px 0" }}>
                      <Typography.Text type="secondary">{t("match.explanation")}：</Typography.Text>
                      {m.explanation}
                    </Typography.Paragraph>
                  ) : null}
                  {m.decline_reason ? (
                    <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                      {t("common.reason")}：{m.decline_reason}
                    </Typography.Paragraph>
                  ) : null}
                </div>
                <div style={{ flex: "0 1 300px", minWidth: 200 }}>
                  <Typography.Text strong>
                    {t("match.score")} {m.score !== null ? formatNumber(m.score * (m.score <= 1 ? 100 : 1), lang, 0) : "—"}
                  </Typography.Text>
                  <PartsBar parts={m.parts} score={m.score} />
                </div>
              </div>
              <Space wrap style={{ marginTop: 8 }}>
                {offers(m, "engage") ? <ConfirmButton label={t("match.engage")} buttonProps={{ type: "primary" }} onClick={() => onEngage(m)} /> : null}
                {m.status === "proposed" && mine ? <Typography.Text type="secondary">{t("match.engaged.mine")}</Typography.Text> : null}
                {offers(m, "decline") ? (
                  <ReasonButton label={t("match.decline")} title={t("match.decline.title")} reasonLabel={t("match.decline.reason")} onSubmit={(reason) => onDecline(m, reason)} />
                ) : null}
                {offers(m, "apply") && onApply ? <ApplyButton onApply={async (plan) => void (await onApply(m, plan))} /> : null}
                {detailLink && side === "demand" ? <Link to={`/workspace/matches/${m.match_id}`}>{t("match.detail")}</Link> : null}
                {m.application_id ? <Link to={`/workspace/applications/${m.application_id}`}>{t("application.detail")}</Link> : null}
              </Space>
            </Card>
          </li>
        );
      })}
    </ol>
  );
}
