import { Typography } from "antd";
import { useEffect, type ReactNode } from "react";
import { useI18n } from "../locales";

/** The page's heading, also used as the document title (read first by screen readers). */
export function PageTitle({ children, extra, text }: { children: ReactNode; extra?: ReactNode; text?: string }) {
  const { t } = useI18n();
  const title = text ?? (typeof children === "string" ? children : "");
  useEffect(() => {
    document.title = title ? `${title} · ${t("app.name")}` : t("app.name");
  }, [title, t]);
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", justifyContent: "space-between", marginBottom: 16 }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 24 }}>
        {children}
      </Typography.Title>
      {extra ? <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>{extra}</div> : null}
    </div>
  );
}
