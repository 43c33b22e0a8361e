import { Card, Typography } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import type { SolutionCreate, SolutionRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { Attachments } from "../attachments/Attachments";
import { SolutionForm } from "./components/SolutionForm";
import { createSolution, getSolution, updateSolution } from "./service";

function Editor({ solution }: { solution?: SolutionRead }) {
  const navigate = useNavigate();
  const notify = useNotify();
  const { t } = useI18n();
  const save = async (body: SolutionCreate) => {
    if (solution) await updateSolution(solution.id, solution.version, body);
    else await createSolution(body);
    notify.success(t("common.saved"));
    navigate("/workspace/provider");
  };
  return <SolutionForm initial={solution} save={save} />;
}

export default function SolutionFormPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const state = useAsync(() => (id ? getSolution(Number(id)) : Promise.resolve(undefined)), `solution-form:${id ?? "new"}`);
  return (
    <>
      <PageTitle>{id ? t("solution.form.edit") : t("solution.form.new")}</PageTitle>
      {id ? (
        <AsyncView {...state}>
          {(s) =>
            s ? (
              <>
                <Card style={{ marginBottom: 16 }}>
                  <Editor solution={s} />
                </Card>
                <Attachments kind="solution" parent={s} />
              </>
            ) : null
          }
        </AsyncView>
      ) : (
        <Card>
          <Editor />
          <Typography.Text type="secondary">{t("attachments.saveFirst")}</Typography.Text>
        </Card>
      )}
    </>
  );
}
