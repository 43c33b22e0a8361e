import { Table } from "antd";
import { Link } from "react-router-dom";
import type { ApplicationRead } from "../../../api/types";
import { formatDate, formatNumber } from "../../../components/format";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { applicationTitle } from "./appTitle";

export function ApplicationTable({ applications }: { applications: ApplicationRead[] }) {
  const { t, lang } = useI18n();
  return (
    <Table<ApplicationRead>
      rowKey="id"
      dataSource={applications}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 720 }}
      locale={{ emptyText: t("application.none") }}
      columns={[
        { title: t("application.detail"), key: "title", render: (_, a) => <Link to={`/workspace/applications/${a.id}`}>{applicationTitle(a)}</Link> },
        { title: t("common.status"), dataIndex: "status", width: 120, render: (s: string) => <StatusTag kind="application" status={s} /> },
        // sealed until decided for the parties (and until their own score for an expert): "—", not 0
        { title: t("application.scoreCount"), dataIndex: "score_count", width: 110, render: (v: number, a) => (a.average_total === null || a.average_total === undefined ? "—" : v) },
        { title: t("application.average"), dataIndex: "average_total", width: 110, render: (v: number | null) => formatNumber(v, lang, 1) },
        { title: t("application.created_at"), dataIndex: "created_at", width: 140, render: (v: string) => formatDate(v, lang) },
      ]}
    />
  );
}
