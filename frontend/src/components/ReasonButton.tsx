import { Button, Form, Input, Modal, type ButtonProps } from "antd";
import { useState } from "react";
import { useI18n } from "../locales";
import { applyServerErrors } from "./formErrors";
import { useNotify } from "./useNotify";

interface Props {
  label: string;
  title: string;
  reasonLabel: string;
  /** Name of the field the server validates, so its message lands at the text box. */
  fieldName?: string;
  onSubmit: (reason: string) => Promise<unknown>;
  buttonProps?: ButtonProps;
  required?: boolean;
}

/** A button that asks for a reason (decline, return, reject) before acting. */
export function ReasonButton({ label, title, reasonLabel, fieldName = "reason", onSubmit, buttonProps, required = true }: Props) {
  const { t } = useI18n();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Record<string, string>>();

  const submit = async () => {
    let values: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      values = await form.validateFields();
    } catch {
      return; // the messages are at the fields
    }
    setBusy(true);
    try {
      await onSubmit(values[fieldName] ?? "");
      setOpen(false);
      form.resetFields();
    } catch (err) {
      const leftovers = applyServerErrors(form, err);
      if (leftovers.length > 0 || form.getFieldError(fieldName).length === 0) notify.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button {...buttonProps} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={t("common.confirm")}
        cancelText={t("common.cancel")}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden={false}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name={fieldName}
            label={reasonLabel}
            rules={required ? [{ required: true, whitespace: true, message: t("common.reasonRequired") }] : []}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
