import { Card, Empty, Space, Typography } from "antd";
import { LinkButton } from "../../components/LinkButton";
import { AsyncView } from "../../components/AsyncView";
import { PageTitle } from "../../components/PageTitle";
import { useAsync } from "../../components/useAsync";
import { useI18n } from "../../locales";
import { BucketChart } from "./components/BucketChart";
import { ProgressCards } from "./components/ProgressCards";
import { getPublicDashboard } from "./service";

export default function HomePage() {
  const { t } = useI18n();
  const state = useAsync(getPublicDashboard, "public-dashboard");
  return (
    <>
      <PageTitle text={t("home.title")}>{t("home.title")}</PageTitle>
      <Typography.Paragraph style={{ fontSize: 16, maxWidth: 820 }}>{t("home.intro")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 20 }}>
        <LinkButton to="/demands" type="primary" size="large">{t("home.cta.browse")}</LinkButton>
        <LinkButton to="/workspace/demands/new" size="large">{t("home.cta.publish")}</LinkButton>
        <LinkButton to="/workspace/solutions/new" size="large">{t("home.cta.offer")}</LinkButton>
      </Space>
      <AsyncView {...state}>
        {(d) => (
          <Space direction="vertical" size={16} style={{ width: "100%" }}>
            <ProgressCards progress={d.progress} />
            <div className="grid-cards" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
              <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t("home.byField")}</h3>}>
                {d.by_field.length ? <BucketChart buckets={d.by_field} label={t("home.byField")} /> : <Empty />}
              </Card>
              <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t("home.byCity")}</h3>}>
                {d.by_city.length ? <BucketChart buckets={d.by_city} label={t("home.byCity")} /> : <Empty />}
              </Card>
            </div>
          </Space>
        )}
      </AsyncView>
    </>
  );
}
