import { Space } from "antd";
import { LinkButton } from "../../../components/LinkButton";
import type { DemandRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { ReasonButton } from "../../../components/ReasonButton";
import { useI18n } from "../../../locales";
import { useAuth } from "../../auth/AuthContext";
import { returnDemand, transitionDemand } from "../service";

/** The moves the viewer may make on a demand in its current state. */
export function DemandActions({ demand, onChange }: { demand: DemandRead; onChange: (d: DemandRead) => void }) {
  const { t } = useI18n();
  const { user, hasRole } = useAuth();
  const owner = user !== null && (demand.owner_id === user.id || demand.organization.id === user.organization.id) && hasRole("publisher");
  const can = (action: string) => (demand.next_actions ?? []).some((a) => a.action === action);
  const editable = demand.status === "draft" || demand.status === "returned";
  return (
    <Space wrap>
      {owner && editable ? (
        <LinkButton to={`/workspace/demands/${demand.id}/edit`}>{t("common.edit")}</LinkButton>
      ) : null}
      {owner && can("submit") ? (
        <ConfirmButton label={t("common.submit")} confirm={t("demand.submit.confirm")} buttonProps={{ type: "primary" }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "submit"))} />
      ) : null}
      {hasRole("official") && can("publish") ? (
        <ConfirmButton label={t("official.publish")} confirm={t("official.publish.confirm")} buttonProps={{ type: "primary" }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "publish"))} />
      ) : null}
      {hasRole("official") && can("return") ? (
        <ReasonButton label={t("official.return")} title={t("official.return")} reasonLabel={t("official.return.reason")} onSubmit={async (reason) => onChange(await returnDemand(demand.id, demand.version, reason))} />
      ) : null}
      {owner && can("close") ? (
        <ConfirmButton label={t("demand.close")} confirm={t("demand.close.confirm")} buttonProps={{ danger: true }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "close"))} />
      ) : null}
    </Space>
  );
}
