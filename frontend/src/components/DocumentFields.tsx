import { Form, Input } from "antd";
import type { DocumentBody } from "../api/types";
import { useI18n } from "../locales";

export interface DocumentValues {
  issuing_body?: string;
  document_number?: string;
}

/** What the form holds as the request body: blanks left out (both fields are optional). */
export function documentBody(v: DocumentValues): DocumentBody {
  const issuing = v.issuing_body?.trim();
  const number = v.document_number?.trim();
  return { ...(issuing ? { issuing_body: issuing } : {}), ...(number ? { document_number: number } : {}) };
}

/** 发文单位 and 文号 of an official document, for the forms that publish one. */
export function DocumentFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="issuing_body" label={t("document.issuingBody")} rules={[{ max: 100 }]}>
        <Input placeholder={t("document.issuingBodyHint")} maxLength={100} />
      </Form.Item>
      <Form.Item name="document_number" label={t("document.number")} extra={t("document.numberHelp")} rules={[{ max: 64 }]}>
        <Input placeholder={t("document.numberHint")} maxLength={64} />
      </Form.Item>
    </>
  );
}
