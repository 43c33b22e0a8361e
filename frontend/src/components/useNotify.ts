import { App } from "antd";
import { useCallback, useMemo } from "react";
import { useI18n } from "../locales";
import { describeError } from "./errorText";

/** Toasts for the outcome of an action; errors worded by the one error policy. */
export function useNotify() {
  const { message } = App.useApp();
  const { t } = useI18n();
  const error = useCallback((err: unknown) => void message.error(describeError(err, t)), [message, t]);
  const success = useCallback((text?: string) => void message.success(text ?? t("common.done")), [message, t]);
  return useMemo(() => ({ error, success }), [error, success]);
}
