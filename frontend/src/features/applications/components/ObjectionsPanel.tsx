import { Card, List, Space, Typography } from "antd";
import { offers } from "../../../api/actions";
import type { NoticeRead } from "../../../api/types";
import { formatDate, formatDateTime } from "../../../components/format";
import { ReasonButton } from "../../../components/ReasonButton";
import { StatusTag } from "../../../components/StatusTag";
import { useNotify } from "../../../components/useNotify";
import { useI18n } from "../../../locales";
import { lodgeObjection } from "../../notices/service";
import { resolveObjection } from "../service";

/** The notice of an application and the objections lodged against it; officials resolve them. */
export function ObjectionsPanel({ notice, onChange }: { notice: NoticeRead; onChange: () => void }) {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const objections = notice.objections ?? [];
  return (
    <Card
      size="small"
      title={`${t("application.notice")} · ${notice.is_open ? t("notice.open") : t("notice.closed")}`}
      extra={
        offers(notice, "lodge_objection") ? (
          <ReasonButton
            label={t("notice.object")}
            title={t("notice.object")}
            reasonLabel={t("notice.objection.text")}
            fieldName="text"
            buttonProps={{ size: "small" }}
            onSubmit={async (text) => {
              await lodgeObjection(notice.id, text);
              notify.success(t("notice.objection.sent"));
              onChange();
            }}
          />
        ) : null
      }
    >
      <Typography.Paragraph>
        {t("notice.period")}：{formatDate(notice.starts_at, lang)} – {formatDateTime(notice.ends_at, lang)}
      </Typography.Paragraph>
      <List
        size="small"
        header={t("notice.objections")}
        dataSource={objections}
        locale={{ emptyText: t("common.empty") }}
        renderItem={(o) => (
          <List.Item>
            <div style={{ width: "100%" }}>
              <Space wrap>
                <StatusTag kind="objection" status={o.status} />
                <Typography.Text type="secondary">{formatDateTime(o.created_at, lang)}</Typography.Text>
              </Space>
              <Typography.Paragraph style={{ margin: "4px 0" }}>{o.text}</Typography.Paragraph>
              {o.resolution ? <Typography.Text type="secondary">{t("official.resolution")}：{o.resolution}</Typography.Text> : null}
              {offers(o, "resolve") ? (
                <Space wrap>
                  <ReasonButton label={t("official.upheld")} title={t("official.upheld")} reasonLabel={t("official.resolution")} fieldName="resolution" buttonProps={{ danger: true, size: "small" }} onSubmit={async (r) => { await resolveObjection(o.id, true, r); onChange(); }} />
                  <ReasonButton label={t("official.dismissed")} title={t("official.dismissed")} reasonLabel={t("official.resolution")} fieldName="resolution" buttonProps={{ size: "small" }} onSubmit={async (r) => { await resolveObjection(o.id, false, r); onChange(); }} />
                </Space>
              ) : null}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
