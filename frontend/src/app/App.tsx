import { App as AntApp, ConfigProvider } from "antd";
import enUSAntd from "antd/locale/en_US";
import zhCNAntd from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { BrowserRouter } from "react-router-dom";
import { AuthProvider } from "../features/auth/AuthContext";
import { I18nProvider, useI18n } from "../locales";
import { AppRoutes } from "./routes";
import { TaxonomyProvider } from "./TaxonomyContext";

// A primary blue dark enough for 4.5:1 contrast on white.
const theme = { token: { colorPrimary: "#1556b8", colorLink: "#1556b8", borderRadius: 6 } };

function LocalisedApp() {
  const { lang } = useI18n();
  dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
  return (
    <ConfigProvider locale={lang === "zh-CN" ? zhCNAntd : enUSAntd} theme={theme}>
      <AntApp>
        <AuthProvider>
          <TaxonomyProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </TaxonomyProvider>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalisedApp />
    </I18nProvider>
  );
}
