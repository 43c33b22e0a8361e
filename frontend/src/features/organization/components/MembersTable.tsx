import { Space, Table, Tag } from "antd";
import { offers } from "../../../api/actions";
import type { MemberRead } from "../../../api/types";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { formatDate } from "../../../components/format";
import { StatusTag } from "../../../components/StatusTag";
import { useI18n } from "../../../locales";

interface Props {
  members: MemberRead[];
  onApprove: (m: MemberRead) => Promise<unknown>;
  onRemove: (m: MemberRead) => Promise<unknown>;
}

/** The organization's people: 待审核 first (the server's order); 通过 / 移除 as each row offers. */
export function MembersTable({ members, onApprove, onRemove }: Props) {
  const { t, label, lang } = useI18n();
  return (
    <Table<MemberRead>
      rowKey="user_id"
      dataSource={members}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 760 }}
      locale={{ emptyText: t("organization.members.none") }}
      columns={[
        {
          title: t("organization.member.name"),
          dataIndex: "display_name",
          render: (v: string, m) => (
            <Space size={4} wrap>
              {v}
              {m.is_org_admin ? <Tag color="blue">{t("organization.member.admin")}</Tag> : null}
            </Space>
          ),
        },
        { title: t("auth.email"), dataIndex: "email" },
        { title: t("organization.member.roles"), dataIndex: "roles", render: (roles: string[]) => roles.map((r) => label("role", r)).join("、") },
        { title: t("common.status"), dataIndex: "membership", width: 100, render: (s: string) => <StatusTag kind="membership" status={s} /> },
        { title: t("organization.member.since"), dataIndex: "created_at", width: 140, render: (v: string) => formatDate(v, lang) },
        {
          title: t("common.actions"),
          key: "actions",
          fixed: "right",
          width: 180,
          render: (_, m) => (
            <Space wrap>
              {offers(m, "approve") ? (
                <ConfirmButton label={t("organization.member.approve")} buttonProps={{ type: "primary", size: "small", "aria-label": `${t("organization.member.approve")} ${m.display_name}` }} onClick={() => onApprove(m)} />
              ) : null}
              {offers(m, "remove") ? (
                <ConfirmButton
                  label={t("organization.member.remove")}
                  confirm={t("organization.member.remove.confirm", { name: m.display_name })}
                  buttonProps={{ danger: true, size: "small", "aria-label": `${t("organization.member.remove")} ${m.display_name}` }}
                  onClick={() => onRemove(m)}
                />
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}
