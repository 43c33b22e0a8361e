import type { ReactNode } from "react";
import { DownloadOutlined } from "@ant-design/icons";
import { Card, List, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import { offers } from "../../../api/actions";
import type { DemandListRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { formatDate } from "../../../components/format";
import { OrgLink } from "../../../components/OrgLink";
import { PdfButton } from "../../../components/PdfButton";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";
import { exportList } from "../service";
import { useTerm } from "../../../app/TaxonomyContext";

/** One 需求清单 with its demands and download links. */
export function ListCard({ list, demandLink = (id) => `/demands/${id}`, extra }: { list: DemandListRead; demandLink?: (id: number) => string; extra?: ReactNode }) {
  const { t, lang } = useI18n();
  const term = useTerm();
  return (
    <Card
      style={{ marginBottom: 16 }}
      title={
        <Space wrap>
          <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
            {list.title}
          </Typography.Title>
          <StatusTag kind="official.list" status={list.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {extra}
          {offers(list, "export") ? (
            <>
              <PdfButton name={list.title} onDownload={() => exportList(list.id, "pdf", list.title)} />
              <ConfirmButton label="XLSX" buttonProps={{ icon: <DownloadOutlined />, "aria-label": `${t("common.download")} ${list.title} XLSX` }} onClick={() => exportList(list.id, "xlsx", list.title)} />
              <ConfirmButton label="CSV" buttonProps={{ icon: <DownloadOutlined />, "aria-label": `${t("common.download")} ${list.title} CSV` }} onClick={() => exportList(list.id, "csv", list.title)} />
            </>
          ) : null}
        </Space>
      }
    >
      {list.issuing_body || list.document_number ? (
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {[list.issuing_body, list.document_number].filter(Boolean).join("　")}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph type="secondary">
        {t("lists.count", { count: list.demands.length })}
        {list.published_at ? ` · ${t("demand.published_at")} ${formatDate(list.published_at, lang)}` : ""}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={list.demands}
        renderItem={(d, i) => (
          <List.Item>
            <span>
              {i + 1}. <Link to={demandLink(d.id)}>{d.title}</Link>
            </span>
            <Typography.Text type="secondary">
              <OrgLink org={d.organization} /> · {term(d.field)}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
