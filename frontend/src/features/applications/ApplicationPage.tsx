import { Alert, Card, Descriptions, Space, Steps, Table, Typography } from "antd";
import { Link, useParams } from "react-router-dom";
import { offers } from "../../api/actions";
import type { ApplicationRead, AssignmentRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { AuditTimeline } from "../../components/AuditTimeline";
import { formatDateTime, formatNumber } from "../../components/format";
import { NextActions } from "../../components/NextActions";
import { OrgLink } from "../../components/OrgLink";
import { PageTitle } from "../../components/PageTitle";
import { ReasonButton } from "../../components/ReasonButton";
import { StatusTag } from "../../components/StatusTag";
import { useAsync } from "../../components/useAsync";
import { useBump } from "../../components/useBump";
import { useNotify } from "../../components/useNotify";
import { useI18n, type Language, type Translate } from "../../locales";
import { Attachments } from "../attachments/Attachments";
import { useAuth } from "../auth/AuthContext";
import { applicationTitle } from "./components/appTitle";
import { ObjectionsPanel } from "./components/ObjectionsPanel";
import { OfficialActions } from "./components/OfficialActions";
import { ScoreForm } from "./components/ScoreForm";
import { declareConflict, getApplication, scoreApplication } from "./service";

const STAGES = ["submitted", "expert_review", "public_notice", "designated"] as const;

function StageSteps({ status }: { status: string }) {
  const { label } = useI18n();
  const index = STAGES.indexOf(status as (typeof STAGES)[number]);
  return (
    <Steps
      size="small"
      style={{ marginBottom: 16 }}
      current={status === "rejected" ? 0 : Math.max(0, index)}
      status={status === "rejected" ? "error" : status === "designated" ? "finish" : "process"}
      items={STAGES.map((s) => ({ title: label("application.status", s) }))}
    />
  );
}

/** The assigned expert's own part: the rubric while scoring is offered, else where they stand. */
function ExpertPanel({ a, onChange }: { a: ApplicationRead; onChange: (a: ApplicationRead) => void }) {
  const { t, lang, label } = useI18n();
  const { user } = useAuth();
  const notify = useNotify();
  const mine = ownAssignment(a, user?.id);
  const canScore = offers(a, "score");
  const canDeclare = offers(a, "declare_conflict");
  if (!canScore && !canDeclare) {
    if (!mine) return null;
    const myScore = (a.scores ?? []).find((s) => s.expert_id === mine.expert_id);
    return (
      <Alert
        type="info"
        showIcon
        // the server's own word for the expert's state (assigned | scored | conflict_declared)
        message={label("expert.assignment", mine.status)}
        description={myScore ? t("expert.myTotal", { total: formatNumber(myScore.total, lang, 1) }) : undefined}
      />
    );
  }
  return (
    <Card
      size="small"
      title={t("expert.score")}
      extra={
        canDeclare ? (
          <ReasonButton
            label={t("expert.conflict")}
            title={t("expert.conflict")}
            reasonLabel={t("expert.conflict.reason")}
            buttonProps={{ size: "small" }}
            onSubmit={async (reason) => {
              onChange(await declareConflict(a.id, reason));
              notify.success();
            }}
          />
        ) : null
      }
    >
      {canScore ? (
        <ScoreForm
          onSubmit={async (score) => {
            await scoreApplication(a.id, score);
            notify.success(t("expert.scored"));
            onChange(await getApplication(a.id));
          }}
        />
      ) : null}
    </Card>
  );
}

/** The viewer's own assignment row, when they are one of the experts. */
function ownAssignment(a: ApplicationRead, userId: number | undefined): AssignmentRead | undefined {
  return userId === undefined ? undefined : (a.assignments ?? []).find((x) => x.expert_id === userId);
}

/**
 * The review as far as the viewer may see it (the server seals the rest): officials get every
 * expert, score and conflict statement; an expert only their own row; the parties nothing until
 * the decision, then the aggregate only.
 */
function ReviewSummary({ a }: { a: ApplicationRead }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const others = (a.assignments ?? []).filter((x) => x.expert_id !== user?.id);
  const underReview = a.status === "expert_review" || a.status === "public_notice";
  if (others.length === 0) {
    if (!underReview) return null;
    return (
      <Card size="small" title={t("application.experts")}>
        <Typography.Text type="secondary">{t("application.sealed")}</Typography.Text>
      </Card>
    );
  }
  const withConflicts = others.some((x) => x.conflict_reason);
  return (
    <Card size="small" title={t("application.experts")}>
      <Table<AssignmentRead>
        size="small"
        rowKey="expert_id"
        pagination={false}
        dataSource={others}
        columns={[
          { title: t("role.expert"), dataIndex: "expert_name" },
          { title: t("common.status"), dataIndex: "status", render: (s: string) => <StatusTag kind="expert.assignment" status={s} /> },
          { title: t("application.total"), key: "total", render: (_, x) => formatNumber((a.scores ?? []).find((s) => s.expert_id === x.expert_id)?.total, lang, 1) },
          ...(withConflicts ? [{ title: t("expert.conflict.reason"), dataIndex: "conflict_reason", render: (v: string | null) => v ?? "" }] : []),
        ]}
      />
    </Card>
  );
}

/** 平均得分 when the viewer may see it; else where the review stands, in words. */
function averageText(a: ApplicationRead, t: Translate, lang: Language): string {
  if (a.average_total !== null && a.average_total !== undefined) {
    return `${formatNumber(a.average_total, lang, 1)}（${t("application.scoreCount")} ${a.score_count}）`;
  }
  if (a.status === "expert_review" || a.status === "public_notice") return t("application.reviewInProgress");
  return "—";
}

/** An application followed through review; each viewer sees the moves the server offers them. */
export default function ApplicationPage() {
  const id = Number(useParams().id);
  const { t, lang } = useI18n();
  const state = useAsync(() => getApplication(id), `application:${id}`);
  // an upload or a removal leaves the application's version as it was: a bump re-reads its history
  // so do a score and a conflict declaration (the expert's own row changes, not the application)
  const [historyVersion, bumpHistory] = useBump();
  const changed = (next: ApplicationRead) => {
    state.setData(next);
    bumpHistory();
  };
  return (
    <AsyncView {...state}>
      {(a) => (
        <>
          <PageTitle text={applicationTitle(a)} extra={<OfficialActions application={a} onChange={state.setData} />}>
            {applicationTitle(a)} <StatusTag kind="application" status={a.status} />
          </PageTitle>
          <StageSteps status={a.status} />
          {a.reject_reason ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={`${t("application.reject_reason")}：${a.reject_reason}`} /> : null}
          {a.scenario_id ? (
            <Alert type="success" showIcon style={{ marginBottom: 16 }} message={<Link to={`/scenarios/${a.scenario_id}`}>{t("application.scenario")}</Link>} />
          ) : null}
          <div className="grid-2">
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <ExpertPanel a={a} onChange={changed} />
              <Descriptions
                bordered
                size="small"
                column={1}
                items={[
                  { key: "demand", label: t("match.demand"), children: a.match ? <Link to={`/demands/${a.match.demand.id}`}>{a.match.demand.title}</Link> : "—" },
                  { key: "solution", label: t("match.solution"), children: a.match?.solution ? <Link to={`/solutions/${a.match.solution.id}`}>{a.match.solution.title}</Link> : "—" },
                  { key: "provider", label: t("match.provider"), children: <OrgLink org={a.match?.provider} /> },
                  { key: "created", label: t("application.created_at"), children: formatDateTime(a.created_at, lang) },
                  { key: "avg", label: t("application.average"), children: <span data-testid="application-average">{averageText(a, t, lang)}</span> },
                  ...(a.preliminary_comment ? [{ key: "pc", label: t("application.preliminary_comment"), children: a.preliminary_comment }] : []),
                ]}
              />
              <Card size="small" title={t("application.pilot_plan")}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{a.pilot_plan}</Typography.Paragraph>
              </Card>
              <Attachments kind="application" parent={a} onChange={bumpHistory} />
              <ReviewSummary a={a} />
              {a.notice ? (
                <ObjectionsPanel
                  notice={a.notice}
                  onChange={() => {
                    state.reload();
                    bumpHistory();
                  }}
                />
              ) : null}
            </Space>
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <Typography.Text type="secondary">{t("application.stages")}</Typography.Text>
              <NextActions actions={a.next_actions} />
              <AuditTimeline objectType="application" objectId={a.id} version={a.version * 1000 + historyVersion} />
            </Space>
          </div>
        </>
      )}
    </AsyncView>
  );
}
