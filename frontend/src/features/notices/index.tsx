import "../../components/print.css";
import { Card, List, Space, Tag, Typography } from "antd";
import { offers } from "../../api/actions";
import { LinkButton } from "../../components/LinkButton";
import { AsyncView } from "../../components/AsyncView";
import { formatDate } from "../../components/format";
import { PageTitle } from "../../components/PageTitle";
import { PdfButton } from "../../components/PdfButton";
import { ReasonButton } from "../../components/ReasonButton";
import { useAsync } from "../../components/useAsync";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { useAuth } from "../auth/AuthContext";
import { exportNotice, lodgeObjection, publicNotices } from "./service";

/** Open public notices (公示); each button is an action the server offers: the PDF (`export`, to
 * anyone) and an objection (`lodge_objection`, to anyone logged in while a notice runs). */
export default function NoticesPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const notify = useNotify();
  const state = useAsync(publicNotices, "notices");
  return (
    <div className="printable-document">
      <PageTitle>{t("notice.title")}</PageTitle>
      <AsyncView {...state} isEmpty={(l) => l.length === 0} empty={t("notice.none")}>
        {(notices) => (
          <List
            dataSource={notices}
            renderItem={(n) => (
              // a List's <ul> holds <li>s only: each notice is a List.Item (an <li>)
              <List.Item style={{ display: "block", padding: 0, borderBlockEnd: "none" }}>
                <Card style={{ marginBottom: 12 }} size="small">
                  <article>
                    {n.issuing_body ? <Typography.Paragraph style={{ marginBottom: 4 }}>{n.issuing_body}</Typography.Paragraph> : null}
                    <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
                      {n.title}
                    </Typography.Title>
                    {n.document_number ? (
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t("document.number")}：{n.document_number}
                      </Typography.Paragraph>
                    ) : null}
                    <Space wrap>
                      <Tag color={n.is_open ? "gold" : "default"}>{n.is_open ? t("notice.open") : t("notice.closed")}</Tag>
                      <Typography.Text type="secondary">
                        {t("notice.period")}：{formatDate(n.starts_at, lang)} – {formatDate(n.ends_at, lang)}
                        {lang === "zh-CN" ? `（${n.days}天）` : ` (${n.days} days)`}
                      </Typography.Text>
                    </Space>
                    <Space wrap className="no-print" style={{ marginTop: 12 }}>
                      {offers(n, "export") ? <PdfButton name={n.title} onDownload={() => exportNotice(n.id, n.title)} /> : null}
                      {offers(n, "lodge_objection") ? (
                        <ReasonButton
                          label={t("notice.object")}
                          title={`${t("notice.object")}：${n.title}`}
                          reasonLabel={t("notice.objection.text")}
                          fieldName="text"
                          onSubmit={async (text) => {
                            await lodgeObjection(n.id, text);
                            notify.success(t("notice.objection.sent"));
                          }}
                        />
                      ) : n.is_open && !user ? (
                        <LinkButton to="/login?next=/notices">{t("notice.objectLogin")}</LinkButton>
                      ) : null}
                    </Space>
                  </article>
                </Card>
              </List.Item>
            )}
          />
        )}
      </AsyncView>
    </div>
  );
}
