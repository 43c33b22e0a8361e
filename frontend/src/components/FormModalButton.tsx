import type { ReactNode } from "react";
import { Button, Form, Modal } from "antd";
import { useState } from "react";
import { useI18n } from "../locales";
import { applyServerErrors } from "./formErrors";
import { useNotify } from "./useNotify";

/** A button that opens a form in a modal; the server's field errors land at the fields. */
export function FormModalButton<T extends object>({ label, title, primary, initial, children, onSubmit }: {
  label: string;
  title: string;
  primary?: boolean;
  initial?: Partial<T>;
  children: ReactNode;
  onSubmit: (values: T) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<T>();
  const submit = async () => {
    let values: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      values = await form.validateFields();
    } catch {
      return; // the messages are at the fields
    }
    setBusy(true);
    try {
      await onSubmit(values);
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
      <Button type={primary ? "primary" : "default"} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal open={open} title={title} onOk={submit} confirmLoading={busy} onCancel={() => setOpen(false)} okText={t("common.confirm")} cancelText={t("common.cancel")} forceRender>
        <Form form={form} layout="vertical" initialValues={initial}>
          {children}
        </Form>
      </Modal>
    </>
  );
}
