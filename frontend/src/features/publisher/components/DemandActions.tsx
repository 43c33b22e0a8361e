import { Space } from "antd";
import { useNavigate } from "react-router-dom";
import { offers } from "../../../api/actions";
import type { DemandRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { LinkButton } from "../../../components/LinkButton";
import { ReasonButton } from "../../../components/ReasonButton";
import { useI18n } from "../../../locales";
import { deleteDemand, returnDemand, transitionDemand } from "../service";

interface Props {
  demand: DemandRead;
  onChange: (d: DemandRead) => void;
  /** After a deletion; by default back to the publisher's workspace. */
  onDeleted?: () => void;
}

/** The moves the server offers the viewer on a demand now (its `next_actions`), and no others. */
export function DemandActions({ demand, onChange, onDeleted }: Props) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const can = (action: string) => offers(demand, action);
  return (
    <Space wrap>
      {can("edit") ? <LinkButton to={`/workspace/demands/${demand.id}/edit`}>{t("common.edit")}</LinkButton> : null}
      {can("submit") ? (
        <ConfirmButton label={t("common.submit")} confirm={t("demand.submit.confirm")} buttonProps={{ type: "primary" }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "submit"))} />
      ) : null}
      {can("publish") ? (
        <ConfirmButton label={t("official.publish")} confirm={t("official.publish.confirm")} buttonProps={{ type: "primary" }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "publish"))} />
      ) : null}
      {can("return") ? (
        <ReasonButton label={t("official.return")} title={t("official.return")} reasonLabel={t("official.return.reason")} onSubmit={async (reason) => onChange(await returnDemand(demand.id, demand.version, reason))} />
      ) : null}
      {can("close") ? (
        <ConfirmButton label={t("demand.close")} confirm={t("demand.close.confirm")} buttonProps={{ danger: true }} onClick={async () => onChange(await transitionDemand(demand.id, demand.version, "close"))} />
      ) : null}
      {can("delete") ? (
        <ConfirmButton
          label={t("demand.delete")}
          confirm={t("demand.delete.confirm")}
          buttonProps={{ danger: true }}
          onClick={async () => {
            await deleteDemand(demand.id);
            if (onDeleted) onDeleted();
            else navigate("/workspace/publisher", { replace: true });
          }}
        />
      ) : null}
    </Space>
  );
}
