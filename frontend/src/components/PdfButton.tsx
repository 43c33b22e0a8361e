import { PrinterOutlined } from "@ant-design/icons";
import { useI18n } from "../locales";
import { ConfirmButton } from "./ConfirmButton";

/** 打印 / 下载 PDF: the server's A4 document of a list or a notice, ready to print. */
export function PdfButton({ name, onDownload }: { name: string; onDownload: () => Promise<unknown> }) {
  const { t } = useI18n();
  return (
    <ConfirmButton
      label={t("document.pdf")}
      buttonProps={{ icon: <PrinterOutlined />, className: "no-print", "aria-label": `${t("document.pdf")}：${name}` }}
      onClick={onDownload}
    />
  );
}
