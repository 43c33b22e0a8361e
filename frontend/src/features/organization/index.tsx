import { Card, Descriptions, Space, Typography } from "antd";
import { offers } from "../../api/actions";
import type { MemberRead, OrganizationRead } from "../../api/types";
import { AsyncView } from "../../components/AsyncView";
import { AuditTimeline } from "../../components/AuditTimeline";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useBump } from "../../components/useBump";
import { useNotify } from "../../components/useNotify";
import { useI18n } from "../../locales";
import { useAuth } from "../auth/AuthContext";
import { MembersTable } from "./components/MembersTable";
import { OrganizationForm } from "./components/OrganizationForm";
import { approveMember, getOrganization, listMembers, removeMember, updateOrganization } from "./service";
import { TodoCard } from "../todos/TodoCard";
import { useTerm } from "../../app/TaxonomyContext";

function Members({ organizationId, onChange }: { organizationId: number; onChange: () => void }) {
  const { t } = useI18n();
  const notify = useNotify();
  const state = useAsync(() => listMembers(organizationId), `members:${organizationId}`);
  const replace = (m: MemberRead) => state.setData((state.data ?? []).map((x) => (x.user_id === m.user_id ? m : x)));
  return (
    <Card size="small" title={t("organization.members")}>
      <AsyncView {...state} reload={state.reload}>
        {(members) => (
          <MembersTable
            members={members}
            onApprove={async (m) => {
              replace(await approveMember(organizationId, m.user_id));
              notify.success(t("organization.member.approved", { name: m.display_name }));
              onChange();
            }}
            onRemove={async (m) => {
              await removeMember(organizationId, m.user_id);
              notify.success(t("organization.member.removed", { name: m.display_name }));
              state.reload();
              onChange();
            }}
          />
        )}
      </AsyncView>
    </Card>
  );
}

function Details({ organization }: { organization: OrganizationRead }) {
  const { t, label } = useI18n();
  const term = useTerm();
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={[
        { key: "name", label: t("auth.org.name"), children: organization.name },
        { key: "uscc", label: t("auth.org.uscc"), children: organization.uscc ?? "—" },
        { key: "kind", label: t("auth.org.kind"), children: label("auth.org.kind", organization.kind) },
        { key: "region", label: t("auth.org.region"), children: term(organization.region) },
      ]}
    />
  );
}

/** 机构与成员: the organization's details and, for its administrator, who may act for it. */
export default function OrganizationPage() {
  const { t } = useI18n();
  const { user, refresh } = useAuth();
  const orgId = user?.organization.id ?? 0;
  const state = useAsync(() => getOrganization(orgId), `organization:${orgId}`);
  // a bump re-reads the history after a member was approved or removed
  const [historyVersion, bumpHistory] = useBump();
  return (
    <>
      <PageTitle>{t("organization.title")}</PageTitle>
      <TodoCard workspace="organization" />
      <AsyncView {...state} reload={state.reload}>
        {(org) => (
          <div className="grid-2">
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <Card size="small" title={t("organization.details")}>
                {offers(org, "edit") ? (
                  <OrganizationForm
                    organization={org}
                    onSave={async (values) => {
                      state.setData(await updateOrganization(org.id, { ...values, version: org.version }));
                      refresh();
                    }}
                  />
                ) : (
                  <Details organization={org} />
                )}
              </Card>
              {offers(org, "manage_members") ? (
                <Members organizationId={org.id} onChange={bumpHistory} />
              ) : (
                <Typography.Text type="secondary">{t("organization.members.adminOnly")}</Typography.Text>
              )}
            </Space>
            <AuditTimeline objectType="organization" objectId={org.id} version={org.version * 1000 + historyVersion} />
          </div>
        )}
      </AsyncView>
    </>
  );
}
