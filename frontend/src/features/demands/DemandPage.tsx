import { Button, Card, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { offers } from "../../api/actions";
import { LinkButton } from "../../components/LinkButton";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { Attachments } from "../attachments/Attachments";
import { useAuth } from "../auth/AuthContext";
import { DemandFacts } from "./components/DemandFacts";
import { ProposalForm } from "./components/ProposalForm";
import { getPublicDemand, mySolutions } from "./service";

function ProposeButton({ demandId }: { demandId: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const solutions = useAsync(() => mySolutions(), `my-solutions:${open}`);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t("demand.propose")}
      </Button>
      <Modal open={open} title={t("proposal.title")} footer={null} onCancel={() => setOpen(false)} width={640}>
        <ProposalForm demandId={demandId} solutions={solutions.data?.items ?? []} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

/** A published demand, as the public sees it; 揭榜应答 when the server offers `propose`. */
export default function DemandPage() {
  const id = Number(useParams().id);
  const { t } = useI18n();
  const { user } = useAuth();
  // next_actions are the caller's: fetch again when the person changes
  const state = useAsync(() => getPublicDemand(id), `public-demand:${id}:${user?.id ?? "anonymous"}`);
  return (
    <AsyncView {...state}>
      {(d) => (
        <>
          <PageTitle
            text={d.title}
            extra={
              <Space wrap>
                {offers(d, "propose") ? (
                  <ProposeButton demandId={d.id} />
                ) : user ? null : (
                  <LinkButton to={`/login?next=/demands/${d.id}`}>{t("demand.proposeLogin")}</LinkButton>
                )}
                {user && user.organization.id === d.organization.id ? (
                  <LinkButton to={`/workspace/demands/${d.id}`}>{t("nav.workspace")}</LinkButton>
                ) : null}
              </Space>
            }
          >
            {d.title} <StatusTag kind="demand" status={d.status} />
          </PageTitle>
          <Card style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap", fontSize: 15 }}>{d.description}</Typography.Paragraph>
          </Card>
          {d.scenarios && d.scenarios.length > 0 ? (
            <Card size="small" title={t("demand.scenarios")} style={{ marginBottom: 16 }} data-testid="demand-scenarios">
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {d.scenarios.map((s) => (
                  <li key={s.id}>
                    <Link to={`/scenarios/${s.id}`}>{s.title}</Link> <StatusTag kind="scenario.stage" status={s.stage} />
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <DemandFacts demand={d} />
          <div style={{ marginTop: 16 }}>
            <Attachments kind="demand" parent={d} />
          </div>
        </>
      )}
    </AsyncView>
  );
}
