import { Table } from "antd";
import { Link } from "react-router-dom";
import type { ApplicationRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { applicationTitle } from "../applications/components/appTitle";
import { listApplications } from "../applications/service";
import { useAuth } from "../auth/AuthContext";
import { TodoCard } from "../todos/TodoCard";

/** Applications assigned to the expert, with where each stands for them. */
export default function ExpertPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const state = useAsync(() => listApplications(), "expert-applications");
  const mine = (a: ApplicationRead) => (a.assignments ?? []).find((x) => x.expert_id === user?.id);
  return (
    <>
      <PageTitle>{t("expert.title")}</PageTitle>
      <TodoCard workspace="expert" />
      <AsyncView {...state}>
        {(list) => (
          <Table<ApplicationRead>
            rowKey="id"
            dataSource={list.filter((a) => mine(a) !== undefined)}
            scroll={{ x: 640 }}
            locale={{ emptyText: t("expert.none") }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t("expert.assigned"), key: "title", render: (_, a) => <Link to={`/workspace/applications/${a.id}`}>{applicationTitle(a)}</Link> },
              { title: t("common.status"), dataIndex: "status", width: 120, render: (s: string) => <StatusTag kind="application" status={s} /> },
              { title: t("expert.score"), key: "mine", width: 120, render: (_, a) => <StatusTag kind="expert.assignment" status={mine(a)?.status ?? "assigned"} /> },
            ]}
          />
        )}
      </AsyncView>
    </>
  );
}
