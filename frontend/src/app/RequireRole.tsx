import { Result, Spin } from "antd";
import { LinkButton } from "../components/LinkButton";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import type { Role } from "../api/types";
import { useAuth } from "../features/auth/AuthContext";
import { useI18n } from "../locales";

/** Pages behind a login (and a role): anonymous users go to the login page and come back. */
export function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, checking, hasRole } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (checking) return <Spin style={{ display: "block", margin: 48 }} />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !hasRole(...roles)) {
    return (
      <Result
        status="403"
        title={t("common.forbidden")}
        subTitle={t("common.forbiddenHint")}
        extra={
          <LinkButton to="/" type="primary">{t("common.home")}</LinkButton>
        }
      />
    );
  }
  return <>{children}</>;
}
