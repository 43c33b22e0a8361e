import { Alert, Button, Form, Input, InputNumber, Select } from "antd";
import { useState } from "react";
import type { ProposalCreate, ProposalRead, SolutionRead } from "../../../api/types";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { createProposal } from "../service";

interface Props {
  demandId: number;
  solutions: SolutionRead[];
  onDone: (proposal: ProposalRead) => void;
}

/** A provider's answer to one demand (揭榜应答). */
export function ProposalForm({ demandId, solutions, onDone }: Props) {
  const { t } = useI18n();
  const notify = useNotify();
  const [form] = Form.useForm<ProposalCreate>();
  const [busy, setBusy] = useState(false);
  const [leftovers, setLeftovers] = useState<string[]>([]);

  const submit = async (values: ProposalCreate) => {
    setBusy(true);
    setLeftovers([]);
    try {
      const proposal = await createProposal(demandId, {
        solution_id: values.solution_id ?? null,
        summary: values.summary,
        price_wan: values.price_wan ?? null,
        timeline_months: values.timeline_months ?? null,
      });
      notify.success(t("proposal.sent"));
      onDone(proposal);
    } catch (err) {
      const rest = applyServerErrors(form, err);
      setLeftovers(rest);
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label={t("proposal.title")}>
      {leftovers.length ? <Alert type="error" showIcon message={leftovers.join("；")} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="solution_id" label={t("proposal.solution")}>
        <Select allowClear options={solutions.map((s) => ({ value: s.id, label: s.title }))} />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t("proposal.summary")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("proposal.summary") }) }]}
      >
        <Input.TextArea rows={5} maxLength={5000} showCount />
      </Form.Item>
      <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
        <Form.Item name="price_wan" label={t("proposal.price_wan")} style={{ flex: 1, minWidth: 160 }}>
          <InputNumber min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="timeline_months" label={t("proposal.timeline_months")} style={{ flex: 1, minWidth: 160 }}>
          <InputNumber min={1} max={120} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </div>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("common.submit")}
      </Button>
    </Form>
  );
}
