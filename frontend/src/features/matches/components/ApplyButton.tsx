import { Button, Form, Input, Modal } from "antd";
import { useState } from "react";
import type { ApplicationRead } from "../../../api/types";
import { applyServerErrors } from "../../../components/formErrors";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";

interface Props {
  onApply: (pilotPlan: string) => Promise<ApplicationRead | void>;
}

/** Apply for demonstration with a pilot plan (示范申报). */
export function ApplyButton({ onApply }: Props) {
  const { t } = useI18n();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ pilot_plan: string }>();
  const submit = async () => {
    let pilot_plan: string;
    try {
      ({ pilot_plan } = await form.validateFields());
    } catch {
      return; // the messages are at the fields
    }
    setBusy(true);
    try {
      await onApply(pilot_plan.trim());
      setOpen(false);
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
        {t("match.apply")}
      </Button>
      <Modal open={open} title={t("application.create")} onOk={submit} confirmLoading={busy} onCancel={() => setOpen(false)} okText={t("common.submit")} cancelText={t("common.cancel")} width={640}>
        <Form form={form} layout="vertical">
          <Form.Item name="pilot_plan" label={t("application.pilot_plan")} extra={t("application.pilot_plan.hint")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("application.pilot_plan") }) }]}>
            <Input.TextArea rows={8} maxLength={10000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
