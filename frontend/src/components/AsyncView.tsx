import { Alert, Button, Empty, Spin } from "antd";
import type { ReactNode } from "react";
import type { ApiError } from "../api/errors";
import { useI18n } from "../locales";
import { describeError } from "./errorText";

interface Props<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | null;
  reload?: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, error and empty states, the same everywhere. */
export function AsyncView<T>({ data, loading, error, reload, isEmpty, empty, children }: Props<T>) {
  const { t } = useI18n();
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        message={t("error.title")}
        description={describeError(error, t)}
        action={reload ? <Button onClick={reload}>{t("common.retry")}</Button> : undefined}
      />
    );
  }
  if (data === undefined) {
    return (
      <div style={{ padding: 48, textAlign: "center" }} aria-busy="true">
        <Spin tip={t("common.loading")}>
          <div style={{ minHeight: 40 }} />
        </Spin>
      </div>
    );
  }
  if (isEmpty?.(data)) {
    return <Empty description={empty ?? t("common.empty")} />;
  }
  return (
    <div aria-busy={loading} style={{ opacity: loading ? 0.6 : 1, transition: "opacity .2s" }}>
      {children(data)}
    </div>
  );
}
