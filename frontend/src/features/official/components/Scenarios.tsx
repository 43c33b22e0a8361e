import { Table } from "antd";
import { Link } from "react-router-dom";
import type { ScenarioRead } from "../../../api/types";
import { AsyncView } from "../../../components/AsyncView";
import { formatDate } from "../../../components/format";
import { StatusTag } from "../../../components/StatusTag";
import { useAsync } from "../../../components/useAsync";
import { useNarrow } from "../../../components/useNarrow";
import { useI18n } from "../../../locales";
import { AdvanceButton } from "../../scenarios/components/AdvanceButton";
import { publicScenarios } from "../../scenarios/service";
import { useTerm } from "../../../app/TaxonomyContext";

/** Designated scenarios, advanced from piloting to demonstration to replicable. */
export function Scenarios() {
  const { t, lang } = useI18n();
  const term = useTerm();
  const narrow = useNarrow();
  const state = useAsync(() => publicScenarios(), "official-scenarios");
  return (
    <AsyncView {...state} isEmpty={(l) => l.length === 0} empty={t("scenario.none")}>
      {(list) => (
        <Table<ScenarioRead>
          rowKey="id"
          dataSource={list}
          scroll={{ x: 760 }}
          size={narrow ? "small" : "middle"}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t("demand.title"), dataIndex: "title", render: (v: string, s) => <Link to={`/scenarios/${s.id}`}>{v}</Link> },
            { title: t("scenario.stage"), dataIndex: "stage", width: 120, render: (v: string) => <StatusTag kind="scenario.stage" status={v} /> },
            { title: t("scenario.city"), key: "city", width: 100, render: (_, s) => term(s.city || s.region) },
            { title: t("scenario.designated_at"), dataIndex: "designated_at", width: 140, render: (v: string) => formatDate(v, lang) },
            { title: t("common.actions"), key: "a", fixed: "right", width: narrow ? 150 : 220, render: (_, s) => <AdvanceButton scenario={s} onDone={() => state.reload()} /> },
          ]}
        />
      )}
    </AsyncView>
  );
}
