import { Button, Popconfirm, type ButtonProps } from "antd";
import { useState } from "react";
import { useI18n } from "../locales";
import { useNotify } from "./useNotify";

interface Props {
  label: string;
  /** Irreversible steps ask first. */
  confirm?: string;
  onClick: () => Promise<unknown>;
  buttonProps?: ButtonProps;
}

/** A button for a state transition: busy while it runs, errors through the one policy. */
export function ConfirmButton({ label, confirm, onClick, buttonProps }: Props) {
  const { t } = useI18n();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onClick();
    } catch (err) {
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };
  if (!confirm) {
    return (
      <Button {...buttonProps} loading={busy} onClick={run}>
        {label}
      </Button>
    );
  }
  return (
    <Popconfirm title={confirm} okText={t("common.confirm")} cancelText={t("common.cancel")} onConfirm={run}>
      <Button {...buttonProps} loading={busy}>
        {label}
      </Button>
    </Popconfirm>
  );
}
