import { Card, Timeline, Typography } from "antd";
import { api, call } from "../api/client";
import { useI18n } from "../locales";
import { AsyncView } from "./AsyncView";
import { formatDateTime } from "./format";
import { useAsync } from "./useAsync";

interface Props {
  objectType: string;
  objectId: number;
  /** Bump to reload after an action on the object. */
  version?: number;
}

/** Who did what, when, from which state to which (操作记录). */
export function AuditTimeline({ objectType, objectId, version = 0 }: Props) {
  const { t, label, lang } = useI18n();
  const state = useAsync(
    () =>
      call(
        api.GET("/api/v1/audit", {
          params: { query: { object_type: objectType, object_id: objectId } },
        }),
      ),
    `${objectType}:${objectId}:${version}`,
  );
  const stateKey = objectType === "scenario" ? "scenario.stage" : `${objectType}.status`;
  return (
    <Card size="small" title={t("common.history")}>
      <AsyncView {...state} isEmpty={(events) => events.length === 0} empty={t("audit.none")}>
        {(events) => (
          <Timeline
            items={events.map((e) => ({
              key: e.id,
              children: (
                <div>
                  <Typography.Text strong>{label("audit.action", e.action)}</Typography.Text>
                  {e.to_state && e.from_state !== e.to_state ? (
                    <Typography.Text type="secondary">
                      {" "}
                      {e.from_state ? `${label(stateKey, e.from_state)} → ` : ""}
                      {label(stateKey, e.to_state)}
                    </Typography.Text>
                  ) : null}
                  <div>
                    <Typography.Text type="secondary">
                      {e.actor_name ?? t("audit.system")} · {formatDateTime(e.at, lang)}
                    </Typography.Text>
                  </div>
                  {typeof e.details.reason === "string" ? (
                    <div>
                      {t("common.reason")}：{e.details.reason}
                    </div>
                  ) : null}
                </div>
              ),
            }))}
          />
        )}
      </AsyncView>
    </Card>
  );
}
