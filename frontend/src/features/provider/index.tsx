import { Table, Tabs, Tag } from "antd";
import { LinkButton } from "../../components/LinkButton";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { offers } from "../../api/actions";
import type { MatchRead, SolutionRead, SolutionVisibility } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { formatWanRange } from "../../components/format";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { MembershipNotice, useMembershipBlocked } from "../auth/MembershipNotice";
import { createApplication } from "../applications/service";
import { MatchList } from "../matches/components/MatchList";
import { declineMatch, engageMatch, myMatches, recommendedDemands } from "../matches/service";
import { RecommendationList } from "./components/RecommendationList";
import { ProposalList } from "../publisher/components/ProposalList";
import { myProposals, mySolutions } from "./service";
import { TodoCard } from "../todos/TodoCard";
import { useTerm } from "../../app/TaxonomyContext";

function Solutions() {
  const { t, lang } = useI18n();
  const term = useTerm();
  const state = useAsync(mySolutions, "my-solutions");
  return (
    <AsyncView {...state} isEmpty={(p) => p.items.length === 0} empty={t("provider.noSolutions")}>
      {(page) => (
        <Table<SolutionRead>
          rowKey="id"
          dataSource={page.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          columns={[
            { title: t("solution.title"), dataIndex: "title", render: (v: string, s) => <Link to={`/solutions/${s.id}`}>{v}</Link> },
            {
              title: t("solution.visibility"),
              dataIndex: "visibility",
              width: 150,
              render: (v: SolutionVisibility) => <Tag color={v === "public" ? "green" : undefined}>{t(`solution.visibility.${v}` as const)}</Tag>,
            },
            { title: t("solution.fields"), dataIndex: "fields", render: (v: string[]) => v.map((f) => <Tag key={f}>{term(f)}</Tag>) },
            { title: t("solution.trl"), dataIndex: "trl", width: 90, render: (v: number | null) => v ?? "—" },
            { title: t("demand.budget"), key: "price", width: 150, render: (_, s) => formatWanRange(s.price_min_wan, s.price_max_wan, lang) },
            { title: t("common.actions"), key: "a", fixed: "right", width: 90, render: (_, s) => (offers(s, "edit") ? <Link to={`/workspace/solutions/${s.id}/edit`}>{t("common.edit")}</Link> : null) },
          ]}
        />
      )}
    </AsyncView>
  );
}

function Recommended() {
  const state = useAsync(recommendedDemands, "recommended");
  return <AsyncView {...state}>{(items) => <RecommendationList items={items} />}</AsyncView>;
}

function Matches({ load, cacheKey }: { load: () => Promise<MatchRead[]>; cacheKey: string }) {
  const { t } = useI18n();
  const notify = useNotify();
  const navigate = useNavigate();
  const state = useAsync(load, cacheKey);
  const replace = (m: MatchRead) => state.setData((state.data ?? []).map((x) => (x.match_id === m.match_id ? m : x)));
  return (
    <AsyncView {...state}>
      {(matches) => (
        <MatchList
          side="provider"
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

function Proposals() {
  const state = useAsync(myProposals, "my-proposals");
  return <AsyncView {...state}>{(list) => <ProposalList proposals={list} show="demand" />}</AsyncView>;
}

export default function ProviderPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const blocked = useMembershipBlocked();
  return (
    <>
      <PageTitle
        text={t("provider.title")}
        extra={
          <>
            <LinkButton to="/demands">{t("nav.demands")}</LinkButton>
            {blocked ? null : <LinkButton to="/workspace/solutions/new" type="primary">{t("provider.newSolution")}</LinkButton>}
          </>
        }
      >
        {t("provider.title")}
      </PageTitle>
      <MembershipNotice />
      {blocked ? null : <TodoCard workspace="provider" />}
      {blocked ? null : <Tabs
        activeKey={params.get("tab") ?? "solutions"}
        onChange={(tab) => setParams({ tab })}
        destroyOnHidden
        items={[
          { key: "solutions", label: t("provider.solutions"), children: <Solutions /> },
          { key: "recommended", label: t("provider.recommended"), children: <Recommended /> },
          { key: "matches", label: t("provider.matches"), children: <Matches load={myMatches} cacheKey="my-matches" /> },
          { key: "proposals", label: t("provider.proposals"), children: <Proposals /> },
        ]}
      />}
    </>
  );
}
