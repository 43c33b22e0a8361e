import { Card, List, Typography } from "antd";
import type { NextAction } from "../api/types";
import { useI18n } from "../locales";

/** What can be done next in the current state, and by whom. */
export function NextActions({ actions }: { actions: NextAction[] | undefined }) {
  const { t, label } = useI18n();
  const list = (actions ?? []).filter((a) => a.roles.length > 0);
  return (
    <Card size="small" title={t("common.nextSteps")}>
      {list.length === 0 ? (
        <Typography.Text type="secondary">{t("common.nextStepsNone")}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={list}
          renderItem={(a) => (
            <List.Item>
              <span>{label("audit.action", a.action)}</span>
              <Typography.Text type="secondary">
                {t("common.by", { roles: a.roles.map((r) => label("role", r)).join("、") })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
