import { Card, Descriptions, Space, Typography } from "antd";
import { useParams } from "react-router-dom";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { useAuth } from "../auth/AuthContext";
import { LinkList } from "../solutions/components/LinkList";
import { SolutionCard } from "../solutions/components/SolutionCard";
import { getOrganizationProfile } from "./service";
import { useTerm } from "../../app/TaxonomyContext";

/** An organization's profile (机构主页): who it is, its solutions, its published demands, its scenarios. */
export default function ProfilePage() {
  const id = Number(useParams().id);
  const { t, label } = useI18n();
  const term = useTerm();
  const { user } = useAuth();
  // logged-in readers also see the solutions listed for members: fetch again when the person changes
  const state = useAsync(() => getOrganizationProfile(id), `organization-profile:${id}:${user?.id ?? "anonymous"}`);
  return (
    <AsyncView {...state}>
      {(o) => (
        <>
          <PageTitle>{o.name}</PageTitle>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 3 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: "name", label: t("auth.org.name"), children: o.name },
              { key: "kind", label: t("auth.org.kind"), children: label("auth.org.kind", o.kind) },
              { key: "region", label: t("auth.org.region"), children: term(o.region) },
            ]}
          />
          <div className="grid-2">
            <section aria-labelledby="profile-solutions">
              <Card size="small" title={<h2 id="profile-solutions" style={{ fontSize: 16, margin: 0 }}>{t("organization.profile.solutions")}</h2>}>
                {(o.solutions ?? []).length === 0 ? (
                  <Typography.Text type="secondary">{t("organization.profile.solutions.none")}</Typography.Text>
                ) : (
                  (o.solutions ?? []).map((s) => <SolutionCard key={s.id} solution={s} />)
                )}
              </Card>
            </section>
            <Space direction="vertical" size={16} style={{ width: "100%" }}>
              <LinkList
                title={t("organization.profile.demands")}
                items={o.demands ?? []}
                to="/demands"
                kind="demand"
                none={t("organization.profile.demands.none")}
              />
              <LinkList
                title={t("organization.profile.scenarios")}
                items={(o.scenarios ?? []).map((x) => ({ ...x, status: x.stage }))}
                to="/scenarios"
                kind="scenario.stage"
                none={t("organization.profile.scenarios.none")}
              />
            </Space>
          </div>
        </>
      )}
    </AsyncView>
  );
}
