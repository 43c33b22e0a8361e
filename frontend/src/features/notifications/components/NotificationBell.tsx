import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Dropdown, Typography, type MenuProps } from "antd";
import { useState, type CSSProperties } from "react";
import { useNavigate } from "react-router-dom";
import type { NotificationRead } from "../../../api/types";
import { formatDateTime } from "../../../components/format";
import { useI18n } from "../../../locales";
import { useAuth } from "../../auth/AuthContext";
import { notificationLink } from "../link";
import { listNotifications, markRead } from "../service";
import { countDown, setUnread, useUnread, useUnreadPolling } from "../unread";

/** How many of the latest notifications the bell's list shows. */
const LATEST = 5;
// a long body (a match explanation) is cut to two lines here; the notifications page shows it whole
const TWO_LINES: CSSProperties = { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" };

/** The header's bell: the unread count (kept fresh), and on click the latest few and the way to all. */
export function NotificationBell() {
  const { user } = useAuth();
  useUnreadPolling(user?.id ?? null);
  return user ? <Bell /> : null;
}

function Bell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const unread = useUnread();
  const [latest, setLatest] = useState<NotificationRead[] | null>(null);
  const [failed, setFailed] = useState(false);

  const load = () => {
    setFailed(false);
    listNotifications({ unread: false, page: 1, page_size: LATEST }).then(
      (page) => {
        setLatest(page.items);
        setUnread(page.unread);
      },
      () => setFailed(true),
    );
  };

  const open = async (n: NotificationRead) => {
    if (n.read_at === null) {
      try {
        await markRead(n.id);
        countDown();
      } catch {
        // the page opens all the same; the notification stays unread
      }
    }
    navigate(notificationLink(n));
  };

  const status: MenuProps["items"] = failed
    ? [{ key: "failed", disabled: true, label: t("notifications.loadFailed") }]
    : latest === null
      ? [{ key: "loading", disabled: true, label: t("common.loading") }]
      : latest.length === 0
        ? [{ key: "none", disabled: true, label: t("notifications.none") }]
        : latest.map((n) => ({
            key: `n${n.id}`,
            label: (
              <div style={{ maxWidth: 340, whiteSpace: "normal", padding: "2px 0" }} data-unread={n.read_at === null}>
                {n.read_at === null ? <Badge status="processing" style={{ marginInlineEnd: 6 }} /> : null}
                {n.read_at === null ? <span className="sr-only">{t("notifications.unreadMark")}</span> : null}
                <Typography.Text strong={n.read_at === null}>{n.title}</Typography.Text>
                <div style={TWO_LINES}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.body}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.created_at, lang)}
                </Typography.Text>
              </div>
            ),
          }));

  const items: MenuProps["items"] = [
    ...(status ?? []),
    { type: "divider" },
    { key: "all", label: t("notifications.viewAll") },
    { key: "preferences", label: t("notifications.preferences") },
  ];

  const onClick: MenuProps["onClick"] = ({ key }) => {
    if (key === "all") navigate("/notifications");
    else if (key === "preferences") navigate("/notifications/preferences");
    else {
      const n = latest?.find((x) => `n${x.id}` === key);
      if (n) void open(n);
    }
  };

  const name =
    unread === null ? t("notifications.bell") : unread === 0 ? t("notifications.bellNone") : t("notifications.bellUnread", { count: unread });
  return (
    <Dropdown
      trigger={["click"]}
      placement="bottomRight"
      menu={{ items, onClick, style: { maxHeight: "70vh", overflowY: "auto" } }}
      onOpenChange={(next) => {
        if (next) load();
      }}
    >
      <Button type="text" aria-label={name} title={name} data-testid="notification-bell">
        <Badge count={unread ?? 0} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
