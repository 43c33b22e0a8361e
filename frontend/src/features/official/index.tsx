import { Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { PageTitle } from "../../components/PageTitle";
import { useI18n } from "../../locales";
import { DashboardPanel } from "./components/DashboardPanel";
import { Lists } from "./components/Lists";
import { Precheck } from "./components/Precheck";
import { ReviewBoard } from "./components/ReviewBoard";
import { Scenarios } from "./components/Scenarios";
import { TodoCard } from "../todos/TodoCard";

export default function OfficialPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  return (
    <>
      <PageTitle>{t("official.title")}</PageTitle>
      <TodoCard workspace="official" />
      <Tabs
        activeKey={params.get("tab") ?? "precheck"}
        onChange={(tab) => setParams({ tab })}
        destroyOnHidden
        items={[
          { key: "precheck", label: t("official.precheck"), children: <Precheck /> },
          { key: "lists", label: t("official.lists"), children: <Lists /> },
          { key: "review", label: t("official.review"), children: <ReviewBoard /> },
          { key: "scenarios", label: t("official.scenarios"), children: <Scenarios /> },
          { key: "dashboard", label: t("official.dashboard"), children: <DashboardPanel /> },
        ]}
      />
    </>
  );
}
