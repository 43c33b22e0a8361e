import { Form, Input, InputNumber, Select, Space } from "antd";
import { offers } from "../../../api/actions";
import type { ApplicationRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { DocumentFields, documentBody, type DocumentValues } from "../../../components/DocumentFields";
import { FormModalButton } from "../../../components/FormModalButton";
import { ReasonButton } from "../../../components/ReasonButton";
import { useAsync } from "../../../components/useAsync";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { assignExperts, designate, getApplication, listExperts, openNotice, preliminaryReview, rejectApplication } from "../service";

type Change = (a: ApplicationRead) => void;

function ExpertPicker() {
  const { t } = useI18n();
  const experts = useAsync(listExperts, "experts");
  return (
    <Form.Item name="expert_ids" label={t("application.experts")} extra={t("official.assignExperts.hint")} rules={[
        // a validator, not `required`: antd would put aria-required on the multiple select's wrapper <div>, where ARIA does not allow it
        { validator: (_, v?: number[]) => ((v?.length ?? 0) >= 3 ? Promise.resolve() : Promise.reject(new Error(t("official.assignExperts.hint")))) },
      ]}>
      <Select
        mode="multiple"
        loading={experts.loading}
        optionFilterProp="label"
        options={(experts.data ?? []).map((e) => ({ value: e.id, label: `${e.display_name}（${e.organization.name}）` }))}
      />
    </Form.Item>
  );
}

/**
 * The official's moves on an application, by stage: 初审 → 专家评审 → 公示 → 认定. Each button is
 * shown only when the server offers its action (region, stage, enough scores, notice ended).
 */
export function OfficialActions({ application: a, onChange }: { application: ApplicationRead; onChange: Change }) {
  const { t } = useI18n();
  const notify = useNotify();
  const can = (action: string) => offers(a, action);
  const done = (next: ApplicationRead) => {
    notify.success();
    onChange(next);
  };
  return (
    <Space wrap>
      {can("pass") ? (
        <FormModalButton<{ comment?: string }>
          label={t("official.pass")}
          title={t("official.pass")}
          primary
          initial={{ comment: "" }}
          onSubmit={async (v) => done(await preliminaryReview(a.id, a.version, "pass", v.comment ?? ""))}
        >
          <Form.Item name="comment" label={t("application.preliminary_comment")}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModalButton>
      ) : null}
      {can("assign_experts") ? (
        <FormModalButton<{ expert_ids: number[] }>
          label={t("official.assignExperts")}
          title={t("official.assignExperts")}
          primary={(a.assignments ?? []).length === 0}
          initial={{ expert_ids: (a.assignments ?? []).map((x) => x.expert_id) }}
          onSubmit={async (v) => done(await assignExperts(a.id, a.version, v.expert_ids))}
        >
          <ExpertPicker />
        </FormModalButton>
      ) : null}
      {can("open_notice") ? (
        <FormModalButton<{ days: number } & DocumentValues>
          label={t("official.openNotice")}
          title={t("official.openNotice")}
          primary
          initial={{ days: 7 }}
          onSubmit={async (v) => done(await openNotice(a.id, a.version, v.days, documentBody(v)))}
        >
          <Form.Item name="days" label={t("official.notice.days")} rules={[{ required: true, type: "integer", min: 1, max: 90 }]}>
            <InputNumber min={1} max={90} precision={0} style={{ width: "100%" }} />
          </Form.Item>
          <DocumentFields />
        </FormModalButton>
      ) : null}
      {can("designate") ? (
        <ConfirmButton label={t("official.designate")} confirm={t("official.designate.confirm")} buttonProps={{ type: "primary" }} onClick={async () => {
            await designate(a.id, a.version);
            done(await getApplication(a.id));
          }} />
      ) : null}
      {can("reject") ? (
        <ReasonButton
          label={t(a.status === "submitted" ? "official.rejectPreliminary" : "official.reject")}
          title={t(a.status === "submitted" ? "official.rejectPreliminary" : "official.reject")}
          reasonLabel={t("official.reject.reason")}
          buttonProps={{ danger: true }}
          onSubmit={async (reason) => done(await rejectApplication(a.id, a.version, reason))}
        />
      ) : null}
    </Space>
  );
}
