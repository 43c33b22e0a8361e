import { Button, List, Segmented, Space, Tag, Typography } from "antd";
import { useEffect, useState, type MouseEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { NotificationPage, NotificationRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { formatDateTime } from "../../components/format";
import { LinkButton } from "../../components/LinkButton";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { notificationLink } from "./link";
import { listNotifications, markAllRead, markRead } from "./service";
import { setUnread } from "./unread";

const PAGE_SIZE = 20;

/** 通知: the user's inbox, newest first, all or only the unread, a page at a time. */
export default function NotificationsPage() {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("unread") === "1";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const state = useAsync(
    () => listNotifications({ unread: unreadOnly, page, page_size: PAGE_SIZE }),
    // the server writes titles and bodies in the user's language: a switch reads them again
    `notifications:${unreadOnly}:${page}:${lang}`,
  );
  const [busy, setBusy] = useState(false);
  const { data, setData, reload } = state;

  // every answer carries the unread count: the bell shows the same number as the page
  useEffect(() => {
    if (data) setUnread(data.unread);
  }, [data]);

  const go = (next: { unread: boolean; page: number }) => {
    const query: Record<string, string> = {};
    if (next.unread) query.unread = "1";
    if (next.page > 1) query.page = String(next.page);
    setParams(query);
  };

  const read = async (n: NotificationRead): Promise<void> => {
    const updated = await markRead(n.id);
    if (!data) return;
    const next: NotificationPage = {
      ...data,
      items: data.items.map((x) => (x.id === updated.id ? updated : x)),
      unread: Math.max(0, data.unread - (n.read_at === null ? 1 : 0)),
    };
    setData(next);
  };

  const readAll = async () => {
    setBusy(true);
    try {
      const out = await markAllRead();
      setUnread(out.unread);
      notify.success(t("notifications.markedAll", { count: out.marked }));
      if (unreadOnly && page > 1) go({ unread: true, page: 1 });
      else reload();
    } catch (err) {
      notify.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle
        text={t("notifications.title")}
        extra={<LinkButton to="/notifications/preferences">{t("notifications.preferences")}</LinkButton>}
      >
        {t("notifications.title")}
      </PageTitle>
      <Space wrap style={{ marginBottom: 16, justifyContent: "space-between", width: "100%" }}>
        <Segmented
          aria-label={t("notifications.filter")}
          value={unreadOnly ? "unread" : "all"}
          onChange={(v) => go({ unread: v === "unread", page: 1 })}
          options={[
            { value: "all", label: t("notifications.filter.all") },
            {
              value: "unread",
              label: data ? t("notifications.filter.unreadCount", { count: data.unread }) : t("notifications.filter.unread"),
            },
          ]}
        />
        <Button onClick={readAll} loading={busy} disabled={!data || data.unread === 0}>
          {t("notifications.markAll")}
        </Button>
      </Space>
      <AsyncView
        {...state}
        reload={reload}
        isEmpty={(p) => p.items.length === 0}
        empty={unreadOnly ? t("notifications.noneUnread") : t("notifications.none")}
      >
        {(p) => (
          <List<NotificationRead>
            itemLayout="vertical"
            dataSource={p.items}
            rowKey="id"
            pagination={
              p.total > PAGE_SIZE
                ? { current: p.page, pageSize: PAGE_SIZE, total: p.total, showSizeChanger: false, onChange: (n) => go({ unread: unreadOnly, page: n }) }
                : false
            }
            renderItem={(n) => <NotificationItem notification={n} onRead={read} />}
          />
        )}
      </AsyncView>
    </>
  );
}

function NotificationItem({ notification: n, onRead }: { notification: NotificationRead; onRead: (n: NotificationRead) => Promise<void> }) {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const navigate = useNavigate();
  const unread = n.read_at === null;
  const to = notificationLink(n);

  // opening the object reads the notification; the page opens even if marking fails
  const open = async (e: MouseEvent<HTMLAnchorElement>) => {
    if (!unread || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    try {
      await onRead(n);
    } catch {
      // still unread; nothing to tell the user here
    }
    navigate(to);
  };

  const markOne = async () => {
    try {
      await onRead(n);
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <List.Item
      data-testid={`notification-${n.id}`}
      data-unread={unread}
      style={{ background: unread ? "#f0f6ff" : undefined, paddingInline: 12 }}
      extra={unread ? <Button size="small" onClick={markOne} aria-label={t("notifications.markOneLabel", { title: n.title })}>{t("notifications.markOne")}</Button> : null}
    >
      <List.Item.Meta
        title={
          <Space size={8} wrap>
            {unread ? <Tag color="blue">{t("notifications.unreadMark")}</Tag> : null}
            <Link to={to} onClick={open} style={{ fontWeight: unread ? 600 : 400 }}>
              {n.title}
            </Link>
          </Space>
        }
        description={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(n.created_at, lang)}
          </Typography.Text>
        }
      />
      <Typography.Paragraph style={{ marginBottom: 0 }}>{n.body}</Typography.Paragraph>
    </List.Item>
  );
}
