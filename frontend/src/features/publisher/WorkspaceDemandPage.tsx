import { Alert, Card, Space, Tabs, Typography } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import type { DemandRead, MatchRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { AuditTimeline } from "../../components/AuditTimeline";
import { NextActions } from "../../components/NextActions";
import { PageTitle } from "../../components/PageTitle";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useBump } from "../../components/useBump";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { createApplication } from "../applications/service";
import { Attachments } from "../attachments/Attachments";
import { useAuth } from "../auth/AuthContext";
import { DemandFacts } from "../demands/components/DemandFacts";
import { MatchList } from "../matches/components/MatchList";
import { declineMatch, demandMatches, engageMatch } from "../matches/service";
import { DemandActions } from "./components/DemandActions";
import { ProposalList } from "./components/ProposalList";
import { demandProposals, getDemand } from "./service";

function Candidates({ demand }: { demand: DemandRead }) {
  const notify = useNotify();
  const navigate = useNavigate();
  const { t } = useI18n();
  const state = useAsync(() => demandMatches(demand.id), `matches:${demand.id}`);
  const replace = (m: MatchRead) => state.setData((state.data ?? []).map((x) => (x.match_id === m.match_id ? m : x)));
  return (
    <AsyncView {...state}>
      {(matches) => (
        <MatchList
          side="demand"
          matches={matches}
          onEngage={async (m) => {
            replace(await engageMatch(m.match_id, m.version));
            notify.success();
          }}
          onDecline={async (m, reason) => {
            replace(await declineMatch(m.match_id, m.version, reason));
            notify.success();
          }}
          onApply={async (m, plan) => {
            const application = await createApplication(m.match_id, plan);
            notify.success(t("application.created"));
            navigate(`/workspace/applications/${application.id}`);
          }}
        />
      )}
    </AsyncView>
  );
}

function Proposals({ demandId }: { demandId: number }) {
  const state = useAsync(() => demandProposals(demandId), `proposals:${demandId}`);
  return <AsyncView {...state}>{(list) => <ProposalList proposals={list} show="organization" />}</AsyncView>;
}

/** A demand in the workspace: its state, the moves open to the viewer, candidates, proposals, history. */
export default function WorkspaceDemandPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { user } = useAuth();
  const state = useAsync(() => getDemand(id), `ws-demand:${id}`);
  // an upload or a removal leaves the demand's version as it was: a bump re-reads its history
  const [historyVersion, bumpHistory] = useBump();
  return (
    <AsyncView {...state}>
      {(d) => {
        const owner = user !== null && d.organization.id === user.organization.id;
        const tabs = [
          { key: "facts", label: t("demand.details"), children: (
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <Card size="small"><Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.description}</Typography.Paragraph></Card>
              <DemandFacts demand={d} />
              <Attachments kind="demand" parent={d} onChange={bumpHistory} />
            </Space>
          ) },
          ...(owner
            ? [
                { key: "matches", label: t("publisher.matches"), children: d.status === "published" || d.status === "closed" || d.status === "expired" ? <Candidates demand={d} /> : <Alert type="info" showIcon message={t("publisher.notPublished")} /> },
                { key: "proposals", label: t("publisher.proposals"), children: <Proposals demandId={d.id} /> },
              ]
            : []),
        ];
        return (
          <>
            <PageTitle text={d.title} extra={<DemandActions demand={d} onChange={state.setData} />}>
              {d.title} <StatusTag kind="demand" status={d.status} />
            </PageTitle>
            {d.return_reason && d.status === "returned" ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={`${t("demand.return_reason")}：${d.return_reason}`} /> : null}
            <div className="grid-2">
              <Tabs items={tabs} defaultActiveKey={owner && d.status === "published" ? "matches" : "facts"} />
              <Space direction="vertical" size={16} style={{ width: "100%" }}>
                <NextActions actions={d.next_actions} />
                <AuditTimeline objectType="demand" objectId={d.id} version={d.version * 1000 + historyVersion} />
              </Space>
            </div>
          </>
        );
      }}
    </AsyncView>
  );
}
