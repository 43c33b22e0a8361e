import { Button, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { offers } from "../../../api/actions";
import type { ScenarioRead } from "../../../api/types";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { advanceScenario } from "../service";

interface Values {
  outcomes?: string;
  adopters?: string[];
}

/** Official (as offered by the server): piloting → demonstration → replicable, with outcomes and adopters. */
export function AdvanceButton({ scenario, onDone }: { scenario: ScenarioRead; onDone: (s: ScenarioRead) => void }) {
  const { t, label } = useI18n();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  // the next stage, when the server offers it to this official (their region, the right stage)
  const to = offers(scenario, "demonstration") ? "demonstration" : offers(scenario, "replicable") ? "replicable" : null;
  if (!to) return null;
  const submit = async () => {
    let values: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      values = await form.validateFields();
    } catch {
      return; // the messages are at the fields
    }
    setBusy(true);
    try {
      const next = await advanceScenario(scenario.id, { to, outcomes: values.outcomes || null, adopters: values.adopters ?? [], version: scenario.version });
      notify.success();
      setOpen(false);
      onDone(next);
    } catch (err) {
      applyServerErrors(form, err);
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t("official.advance")} → {label("scenario.stage", to)}
      </Button>
      <Modal open={open} title={`${t("official.advance.to")} ${label("scenario.stage", to)}`} onOk={submit} confirmLoading={busy} onCancel={() => setOpen(false)} okText={t("common.confirm")} cancelText={t("common.cancel")}>
        <Form form={form} layout="vertical" initialValues={{ outcomes: scenario.outcomes ?? "", adopters: scenario.adopters }}>
          <Form.Item name="outcomes" label={t("official.advance.outcomes")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("official.advance.outcomes") }) }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="adopters" label={t("official.advance.adopters")} extra={t("demand.keywords.hint")} rules={to === "replicable" ? [{ required: true, message: t("common.required", { label: t("official.advance.adopters") }) }] : []}>
            <Select mode="tags" open={false} tokenSeparators={[",", "，", "、"]} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
