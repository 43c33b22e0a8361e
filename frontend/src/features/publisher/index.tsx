import { Table, Tabs } from "antd";
import { LinkButton } from "../../components/LinkButton";
import { Link, useSearchParams } from "react-router-dom";
import type { DemandRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { formatDate, formatWanRange } from "../../components/format";
import { PageTitle } from "../../components/PageTitle";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { MembershipNotice, useMembershipBlocked } from "../auth/MembershipNotice";
import { ApplicationTable } from "../applications/components/ApplicationTable";
import { listApplications } from "../applications/service";
import { myDemands } from "./service";
import { TodoCard } from "../todos/TodoCard";
import { useTerm } from "../../app/TaxonomyContext";

function MyDemands() {
  const { t, lang } = useI18n();
  const term = useTerm();
  const state = useAsync(myDemands, "my-demands");
  return (
    <AsyncView {...state}>
      {(page) => (
        <Table<DemandRead>
          rowKey="id"
          dataSource={page.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: t("common.empty") }}
          columns={[
            { title: t("demand.title"), dataIndex: "title", render: (v: string, d) => <Link to={`/workspace/demands/${d.id}`}>{v}</Link> },
            { title: t("common.status"), dataIndex: "status", width: 110, render: (s: string) => <StatusTag kind="demand" status={s} /> },
            { title: t("demand.field"), dataIndex: "field", width: 140, render: (v: string) => term(v) },
            { title: t("demand.budget"), key: "budget", width: 150, render: (_, d) => formatWanRange(d.budget_min_wan, d.budget_max_wan, lang) },
            { title: t("demand.published_at"), dataIndex: "published_at", width: 140, render: (v: string | null) => formatDate(v, lang) },
          ]}
        />
      )}
    </AsyncView>
  );
}

function MyApplications() {
  const state = useAsync(() => listApplications(), "my-applications");
  return <AsyncView {...state}>{(list) => <ApplicationTable applications={list} />}</AsyncView>;
}

export default function PublisherPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const blocked = useMembershipBlocked();
  return (
    <>
      <PageTitle
        text={t("publisher.title")}
        extra={
          blocked ? null : <LinkButton to="/workspace/demands/new" type="primary">{t("publisher.new")}</LinkButton>
        }
      >
        {t("publisher.title")}
      </PageTitle>
      <MembershipNotice />
      {blocked ? null : <TodoCard workspace="publisher" />}
      {blocked ? null : <Tabs
        activeKey={params.get("tab") ?? "demands"}
        onChange={(tab) => setParams({ tab })}
        items={[
          { key: "demands", label: t("publisher.myDemands"), children: <MyDemands /> },
          { key: "applications", label: t("publisher.applications"), children: <MyApplications /> },
        ]}
      />}
    </>
  );
}
