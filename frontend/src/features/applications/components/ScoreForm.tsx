import { Button, Form, Input, InputNumber } from "antd";
import { useState } from "react";
import type { ScoreIn } from "../../../api/types";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n, type MessageKey } from "../../../locales";

const RUBRIC: { name: keyof Omit<ScoreIn, "comment">; label: MessageKey }[] = [
  { name: "innovation", label: "expert.rubric.innovation" },
  { name: "advancement", label: "expert.rubric.advancement" },
  { name: "feasibility", label: "expert.rubric.feasibility" },
  { name: "replicability", label: "expert.rubric.replicability" },
  { name: "benefit", label: "expert.rubric.benefit" },
];

/** The expert's rubric: 创新性, 先进性, 可行性, 可复制推广性, 效益, each 0–100. */
export function ScoreForm({ onSubmit }: { onSubmit: (score: ScoreIn) => Promise<unknown> }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [form] = Form.useForm<ScoreIn>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: ScoreIn) => {
    setBusy(true);
    try {
      await onSubmit({ ...values, comment: values.comment ?? "" });
    } catch (err) {
      applyServerErrors(form, err);
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label={t("expert.score")}>
      <p style={{ color: "#595959" }}>{t("expert.rubric.hint")}</p>
      <div className="grid-cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(150px, 1fr))", gap: "0 12px" }}>
        {RUBRIC.map((r) => (
          <Form.Item key={r.name} name={r.name} label={t(r.label)} rules={[{ required: true, type: "integer", min: 0, max: 100, message: `${t(r.label)} 0–100` }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        ))}
      </div>
      <Form.Item name="comment" label={t("expert.rubric.comment")}>
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("common.submit")}
      </Button>
    </Form>
  );
}
