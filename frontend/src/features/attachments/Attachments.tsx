import { InboxOutlined, PaperClipOutlined } from "@ant-design/icons";
import { Card, List, Space, Typography, Upload, type UploadFile } from "antd";
import { useState, type MouseEvent, type ReactNode } from "react";
import { offers } from "../../api/actions";
import { ApiError } from "../../api/errors";
import type { AttachmentRead, NextAction } from "../../api/types";
import { ConfirmButton } from "../../components/ConfirmButton";
import { describeError } from "../../components/errorText";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { formatFileSize } from "./fileSize";
import { deleteAttachment, downloadAttachment, uploadAttachment, type AttachmentParent } from "./service";

export interface AttachmentOwner {
  id: number;
  attachments?: AttachmentRead[];
  next_actions?: NextAction[] | null;
}

interface Props {
  kind: AttachmentParent;
  parent: AttachmentOwner;
  /** Without a card of its own, inside a list item or another card. */
  bare?: boolean;
  /** After a file was uploaded or removed here: the parent's history has a new entry. */
  onChange?: () => void;
}

/** The parent's list as last read, kept in step with uploads and removals made here. */
function useAttachmentList(parent: AttachmentOwner) {
  const [source, setSource] = useState(parent.attachments);
  const [items, setItems] = useState<AttachmentRead[]>(parent.attachments ?? []);
  if (source !== parent.attachments) {
    // the page read the parent again: its list is the truth now
    setSource(parent.attachments);
    setItems(parent.attachments ?? []);
  }
  return [items, setItems] as const;
}

/**
 * A parent's attachments (附件): each file with its size and a download, and — only when the
 * server offers `edit_attachments` — removal and an upload area. Refusals appear at the area.
 */
export function Attachments({ kind, parent, bare = false, onChange }: Props) {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const [items, setItems] = useAttachmentList(parent);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const [refusals, setRefusals] = useState<string[]>([]);
  const editable = offers(parent, "edit_attachments");

  const save = (event: MouseEvent, a: AttachmentRead) => {
    event.preventDefault();
    downloadAttachment(a).catch(notify.error);
  };

  if (!editable && items.length === 0) return null;

  const list =
    items.length === 0 ? (
      <Typography.Text type="secondary">{t("attachments.none")}</Typography.Text>
    ) : (
      <List
        size="small"
        dataSource={items}
        renderItem={(a) => (
          <List.Item
            key={a.id}
            actions={
              editable
                ? [
                    <ConfirmButton
                      key="delete"
                      label={t("attachments.delete")}
                      confirm={t("attachments.deleteConfirm", { name: a.filename })}
                      buttonProps={{ type: "link", size: "small", danger: true, "aria-label": t("attachments.deleteLabel", { name: a.filename }) }}
                      onClick={async () => {
                        await deleteAttachment(a.id);
                        setItems((list) => list.filter((x) => x.id !== a.id));
                        notify.success(t("attachments.deleted"));
                        onChange?.();
                      }}
                    />,
                  ]
                : []
            }
          >
            <Space size={8} wrap>
              <PaperClipOutlined aria-hidden />
              <a href={`/api/v1/attachments/${a.id}`} onClick={(e) => save(e, a)}>
                {a.filename}
              </a>
              <Typography.Text type="secondary">{formatFileSize(a.size, lang)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    );

  const upload = editable ? (
    <div data-testid="attachments-upload" style={{ marginTop: 12 }}>
      <Upload.Dragger
        multiple
        fileList={uploading}
        onChange={({ fileList }) => setUploading(fileList.filter((f) => f.status === "uploading"))}
        beforeUpload={(file, batch) => {
          if (batch[0] === file) setRefusals([]); // a new try: earlier refusals are answered
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const chosen = file as File;
          const sending = uploadAttachment(kind, parent.id, chosen, (percent) => onProgress?.({ percent }));
          sending.done.then(
            (attachment) => {
              setItems((list) => [...list, attachment]);
              onSuccess?.(attachment);
              notify.success(t("attachments.uploaded", { name: attachment.filename }));
              onChange?.();
            },
            (err: unknown) => {
              onError?.(err instanceof Error ? err : new Error(String(err)));
              if (err instanceof ApiError && err.code === "aborted") return;
              setRefusals((r) => [...r, t("attachments.refused", { name: chosen.name, message: describeError(err, t) })]);
            },
          );
          return { abort: sending.abort };
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t("attachments.drop")}</p>
        <p className="ant-upload-hint">{t("attachments.hint")}</p>
      </Upload.Dragger>
      {refusals.length > 0 ? (
        <div role="alert" className="ant-form-item-explain-error" style={{ marginTop: 4 }}>
          {refusals.map((text, i) => (
            <Typography.Text key={i} type="danger" style={{ display: "block" }}>
              {text}
            </Typography.Text>
          ))}
        </div>
      ) : null}
    </div>
  ) : null;

  const body: ReactNode = (
    <>
      {list}
      {upload}
    </>
  );
  if (bare) {
    return (
      <div data-testid={`attachments-${kind}-${parent.id}`}>
        <Typography.Text strong>{t("attachments.title")}</Typography.Text>
        {body}
      </div>
    );
  }
  return (
    <Card size="small" title={t("attachments.title")} data-testid={`attachments-${kind}-${parent.id}`}>
      {body}
    </Card>
  );
}
