import { Descriptions, Space } from "antd";
import { Link, useNavigate, useParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { AuditTimeline } from "../../components/AuditTimeline";
import { OrgLink } from "../../components/OrgLink";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { createApplication } from "../applications/service";
import { useAuth } from "../auth/AuthContext";
import { MatchList } from "./components/MatchList";
import { declineMatch, engageMatch, getMatch } from "./service";

/** One pairing (供需匹配), seen by either side: confirm, decline, apply; with its history. */
export default function MatchPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { user } = useAuth();
  const notify = useNotify();
  const navigate = useNavigate();
  const state = useAsync(() => getMatch(id), `match:${id}`);
  return (
    <AsyncView {...state}>
      {(m) => {
        const side = user && m.provider.id === user.organization.id ? "provider" : "demand";
        return (
          <>
            <PageTitle text={`${m.demand.title} × ${m.solution?.title ?? m.provider.name}`}>
              {m.demand.title} × {m.solution?.title ?? m.provider.name}
            </PageTitle>
            <div className="grid-2">
              <Space direction="vertical" size={16} style={{ width: "100%" }}>
                <MatchList
                  side={side}
                  matches={[m]}
                  detailLink={false}
                  onEngage={async (x) => {
                    state.setData(await engageMatch(x.match_id, x.version));
                    notify.success();
                  }}
                  onDecline={async (x, reason) => {
                    state.setData(await declineMatch(x.match_id, x.version, reason));
                    notify.success();
                  }}
                  onApply={async (x, plan) => {
                    const application = await createApplication(x.match_id, plan);
                    notify.success(t("application.created"));
                    navigate(`/workspace/applications/${application.id}`);
                  }}
                />
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  items={[
                    { key: "demand", label: t("match.demand"), children: <Link to={`/demands/${m.demand.id}`}>{m.demand.title}</Link> },
                    {
                      key: "solution",
                      label: t("match.solution"),
                      children: m.solution ? <Link to={`/solutions/${m.solution.id}`}>{m.solution.title}</Link> : "—",
                    },
                    { key: "provider", label: t("match.provider"), children: <OrgLink org={m.provider} /> },
                    { key: "confirm", label: t("match.confirmations"), children: `${t("match.demandSide")} ${m.demand_engaged ? "✓" : "—"} · ${t("match.providerSide")} ${m.provider_engaged ? "✓" : "—"}` },
                  ]}
                />
              </Space>
              <AuditTimeline objectType="match" objectId={m.match_id} version={m.version} />
            </div>
          </>
        );
      }}
    </AsyncView>
  );
}
