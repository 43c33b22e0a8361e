import { Alert, Button } from "antd";
import { useState } from "react";
import { useI18n } from "../../locales";
import { useAuth } from "./AuthContext";

/**
 * What a workspace shows instead of its create buttons while the user's membership of their
 * organization is not active: the server refuses the organization's objects until the
 * organization's administrator approves them (`organization.membership_pending`).
 * Returns null for active members.
 */
export function MembershipNotice() {
  const { t } = useI18n();
  const { user, refresh } = useAuth();
  const [busy, setBusy] = useState(false);
  if (!user || user.membership === "active") return null;
  const pending = user.membership === "pending";
  return (
    <Alert
      type={pending ? "info" : "warning"}
      showIcon
      role="status"
      data-testid="membership-notice"
      style={{ marginBottom: 16 }}
      message={t(pending ? "membership.pending.alert" : "membership.removed.alert")}
      description={t(pending ? "membership.pending.hint" : "membership.removed.hint", { organization: user.organization.name })}
      action={
        pending ? (
          <Button
            size="small"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              await refresh();
              setBusy(false);
            }}
          >
            {t("membership.check")}
          </Button>
        ) : undefined
      }
    />
  );
}

/** True while the user may not act for their organization (pending or removed). */
export function useMembershipBlocked(): boolean {
  const { user } = useAuth();
  return user !== null && user.membership !== "active";
}
