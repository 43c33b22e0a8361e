import { Result, Spin } from "antd";
import { LinkButton } from "../components/LinkButton";
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router-dom";
import { useI18n } from "../locales";
import { Layout } from "./Layout";
import { RequireRole } from "./RequireRole";
import HomePage from "../features/home";
import DemandSearchPage from "../features/demands";

// Public landing pages load at once; workspaces load when first opened.
const DemandPage = lazy(() => import("../features/demands/DemandPage"));
const ListsPage = lazy(() => import("../features/lists"));
const ScenariosPage = lazy(() => import("../features/scenarios"));
const ScenarioPage = lazy(() => import("../features/scenarios/ScenarioPage"));
const NoticesPage = lazy(() => import("../features/notices"));
const LoginPage = lazy(() => import("../features/auth/LoginPage"));
const RegisterPage = lazy(() => import("../features/auth/RegisterPage"));
const PublisherPage = lazy(() => import("../features/publisher"));
const DemandFormPage = lazy(() => import("../features/publisher/DemandFormPage"));
const WorkspaceDemandPage = lazy(() => import("../features/publisher/WorkspaceDemandPage"));
const ProviderPage = lazy(() => import("../features/provider"));
const SolutionFormPage = lazy(() => import("../features/provider/SolutionFormPage"));
const MatchPage = lazy(() => import("../features/matches/MatchPage"));
const ApplicationPage = lazy(() => import("../features/applications/ApplicationPage"));
const OfficialPage = lazy(() => import("../features/official"));
const ExpertPage = lazy(() => import("../features/expert"));
const OrganizationPage = lazy(() => import("../features/organization"));
const NotificationsPage = lazy(() => import("../features/notifications"));
const NotificationPreferencesPage = lazy(() => import("../features/notifications/PreferencesPage"));
const SolutionSearchPage = lazy(() => import("../features/solutions"));
const SolutionPage = lazy(() => import("../features/solutions/SolutionPage"));
const OrganizationProfilePage = lazy(() => import("../features/organization/ProfilePage"));

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t("common.notFound")}
      subTitle={t("common.notFoundHint")}
      extra={
        <LinkButton to="/" type="primary">{t("common.home")}</LinkButton>
      }
    />
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin style={{ display: "block", margin: 48 }} />}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Lazy>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="demands" element={<DemandSearchPage />} />
          <Route path="demands/:id" element={<Lazy><DemandPage /></Lazy>} />
          <Route path="solutions" element={<Lazy><SolutionSearchPage /></Lazy>} />
          <Route path="solutions/:id" element={<Lazy><SolutionPage /></Lazy>} />
          <Route path="organizations/:id" element={<Lazy><OrganizationProfilePage /></Lazy>} />
          <Route path="lists" element={<Lazy><ListsPage /></Lazy>} />
          <Route path="scenarios" element={<Lazy><ScenariosPage /></Lazy>} />
          <Route path="scenarios/:id" element={<Lazy><ScenarioPage /></Lazy>} />
          <Route path="notices" element={<Lazy><NoticesPage /></Lazy>} />
          <Route path="login" element={<Lazy><LoginPage /></Lazy>} />
          <Route path="register" element={<Lazy><RegisterPage /></Lazy>} />
          <Route path="notifications" element={<RequireRole><Lazy><NotificationsPage /></Lazy></RequireRole>} />
          <Route path="notifications/preferences" element={<RequireRole><Lazy><NotificationPreferencesPage /></Lazy></RequireRole>} />
          <Route path="workspace">
            <Route path="publisher" element={<RequireRole roles={["publisher"]}><Lazy><PublisherPage /></Lazy></RequireRole>} />
            <Route path="demands/new" element={<RequireRole roles={["publisher"]}><Lazy><DemandFormPage /></Lazy></RequireRole>} />
            <Route path="demands/:id/edit" element={<RequireRole roles={["publisher"]}><Lazy><DemandFormPage /></Lazy></RequireRole>} />
            <Route path="demands/:id" element={<RequireRole><Lazy><WorkspaceDemandPage /></Lazy></RequireRole>} />
            <Route path="provider" element={<RequireRole roles={["provider"]}><Lazy><ProviderPage /></Lazy></RequireRole>} />
            <Route path="solutions/new" element={<RequireRole roles={["provider"]}><Lazy><SolutionFormPage /></Lazy></RequireRole>} />
            <Route path="solutions/:id/edit" element={<RequireRole roles={["provider"]}><Lazy><SolutionFormPage /></Lazy></RequireRole>} />
            <Route path="matches/:id" element={<RequireRole><Lazy><MatchPage /></Lazy></RequireRole>} />
            <Route path="applications/:id" element={<RequireRole><Lazy><ApplicationPage /></Lazy></RequireRole>} />
            <Route path="official" element={<RequireRole roles={["official"]}><Lazy><OfficialPage /></Lazy></RequireRole>} />
            <Route path="expert" element={<RequireRole roles={["expert"]}><Lazy><ExpertPage /></Lazy></RequireRole>} />
            <Route path="organization" element={<RequireRole><Lazy><OrganizationPage /></Lazy></RequireRole>} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Lazy>
  );
}
