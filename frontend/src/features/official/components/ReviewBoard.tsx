import { Badge, Tabs } from "antd";
import { AsyncView } from "../../../components/AsyncView";
import { useAsync } from "../../../components/useAsync";
import { useI18n } from "../../../locales";
import { ApplicationTable } from "../../applications/components/ApplicationTable";
import { listApplications } from "../../applications/service";

const STAGES = ["submitted", "expert_review", "public_notice", "designated", "rejected"] as const;

/** Applications by stage: 初审 → 专家评审 → 公示 → 认定 (and those not passed). */
export function ReviewBoard() {
  const { label } = useI18n();
  const state = useAsync(() => listApplications(), "review-board");
  return (
    <AsyncView {...state}>
      {(all) => (
        <Tabs
          size="small"
          items={STAGES.map((s) => {
            const list = all.filter((a) => a.status === s);
            return {
              key: s,
              label: (
                <span>
                  {label("application.status", s)} <Badge count={list.length} showZero color={list.length ? "#1556b8" : "#8c8c8c"} />
                </span>
              ),
              children: <ApplicationTable applications={list} />,
            };
          })}
        />
      )}
    </AsyncView>
  );
}
