import { Space, Table } from "antd";
import { Link } from "react-router-dom";
import type { DemandRead } from "../../../api/types";
import { AsyncView } from "../../../components/AsyncView";
import { formatDateTime } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { useAsync } from "../../../components/useAsync";
import { useNarrow } from "../../../components/useNarrow";
import { useI18n } from "../../../locales";
import { DemandActions } from "../../publisher/components/DemandActions";
import { submittedDemands } from "../service";
import { useTerm } from "../../../app/TaxonomyContext";

/** 形式审核: submitted demands, published or returned with a reason. */
export function Precheck() {
  const { t, lang } = useI18n();
  const term = useTerm();
  const narrow = useNarrow();
  const state = useAsync(submittedDemands, "precheck");
  return (
    <AsyncView {...state} isEmpty={(p) => p.items.length === 0} empty={t("official.precheck.none")}>
      {(page) => (
        <Table<DemandRead>
          rowKey="id"
          dataSource={page.items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 860 }}
          size={narrow ? "small" : "middle"}
          columns={[
            { title: t("demand.title"), dataIndex: "title", render: (v: string, d) => <Link to={`/workspace/demands/${d.id}`}>{v}</Link> },
            { title: t("demand.organization"), key: "org", render: (_, d) => <OrgLink org={d.organization} /> },
            { title: t("demand.field"), dataIndex: "field", width: 130, render: (v: string) => term(v) },
            { title: t("demand.region"), dataIndex: "region", width: 110, render: (v: string) => term(v) },
            { title: t("demand.published_at"), dataIndex: "submitted_at", width: 160, render: (v: string | null) => formatDateTime(v, lang) },
            {
              title: t("common.actions"),
              key: "actions",
              // held at the right edge, so a phone shows the moves without scrolling sideways
              fixed: "right",
              width: narrow ? 150 : 240,
              render: (_, d) => (
                <Space>
                  <DemandActions demand={d} onChange={() => state.reload()} onDeleted={state.reload} />
                </Space>
              ),
            },
          ]}
        />
      )}
    </AsyncView>
  );
}
