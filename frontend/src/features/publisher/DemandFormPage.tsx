import { Card, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useNavigate, useParams } from "react-router-dom";
import type { DemandCreate, DemandRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { Attachments } from "../attachments/Attachments";
import { DemandForm, type SaveMode } from "./components/DemandForm";
import { demandDraftKey, dropStaleDrafts } from "./components/localDraft";
import { createDemand, getDemand, similarDemands, transitionDemand, updateDemand } from "./service";

function useSave(existing?: DemandRead) {
  const navigate = useNavigate();
  const notify = useNotify();
  const { t } = useI18n();
  // After a first save, later tries update that record rather than create another.
  const saved = useRef<DemandRead | undefined>(existing);
  return async (body: DemandCreate, mode: SaveMode) => {
    const prior = saved.current;
    saved.current = prior ? await updateDemand(prior.id, prior.version, body) : await createDemand(body);
    const current = saved.current;
    if (mode === "submit") {
      saved.current = await transitionDemand(current.id, current.version, "submit");
      notify.success(t("demand.submitted"));
    } else {
      notify.success(t("common.saved"));
    }
    navigate(`/workspace/demands/${current.id}`);
  };
}

function EditForm({ demand }: { demand?: DemandRead }) {
  const save = useSave(demand);
  useEffect(() => {
    if (demand) dropStaleDrafts(demand);
  }, [demand]);
  return <DemandForm initial={demand} save={save} findSimilar={similarDemands} draftKey={demandDraftKey(demand)} />;
}

export default function DemandFormPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const editing = id !== undefined;
  const state = useAsync(() => (editing ? getDemand(Number(id)) : Promise.resolve(undefined)), `demand-form:${id ?? "new"}`);
  return (
    <>
      <PageTitle>{editing ? t("demand.form.edit") : t("demand.form.new")}</PageTitle>
      {editing ? (
        <AsyncView {...state}>
          {(d) =>
            d ? (
              <>
                <Card style={{ marginBottom: 16 }}>
                  <EditForm demand={d} />
                </Card>
                <Attachments kind="demand" parent={d} />
              </>
            ) : null
          }
        </AsyncView>
      ) : (
        <Card>
          <EditForm />
          <Typography.Text type="secondary">{t("attachments.saveDraftFirst")}</Typography.Text>
        </Card>
      )}
    </>
  );
}
