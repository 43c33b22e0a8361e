import { App as AntApp, ConfigProvider, Empty } from "antd";
import enUSAntd from "antd/locale/en_US";
import zhCNAntd from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { BrowserRouter } from "react-router-dom";
import { AuthProvider } from "../features/auth/AuthContext";
import { I18nProvider, useI18n } from "../locales";
import { AppRoutes } from "./routes";
import { TaxonomyProvider } from "./TaxonomyContext";

// WCAG 2.1 AA (GB/T 37668): every text colour reaches 4.5:1 on white and on the light greys and
// tints it sits on. Ant Design's defaults measure 3.3:1 (secondary, rgba(0,0,0,.45)) and 1.8:1
// (placeholders, rgba(0,0,0,.25)); status and preset tag colours use shade 7 on shade 1.
const theme = {
  token: {
    colorPrimary: "#1556b8", // 6.5:1 on white
    colorLink: "#1556b8",
    colorLinkHover: "#0d3f8f", // a hovered link stays dark (antd lightens it to 3:1)
    colorLinkActive: "#0d3f8f",
    colorTextSecondary: "#595959", // 7.0:1
    colorTextTertiary: "#595959",
    colorTextDescription: "#595959",
    colorTextPlaceholder: "#6b6b6b", // 5.3:1 on white, 4.9:1 on #f5f5f5
    colorTextLabel: "#434343",
    colorTextQuaternary: "#6b6b6b", // empty-list text; disabled text keeps its lighter grey (exempt)
    colorTextDisabled: "rgba(0, 0, 0, 0.25)",
    // status tags: the text colour on the light tint (the tints set here, not derived from the dark text)
    colorInfo: "#1556b8", // 5.9:1 on #e6f4ff
    colorInfoBg: "#e6f4ff",
    colorInfoBorder: "#91caff",
    colorSuccess: "#237804", // 6.1:1 on #f6ffed
    colorSuccessBg: "#f6ffed",
    colorSuccessBorder: "#b7eb8f",
    colorWarning: "#ad4e00", // 5.6:1 on #fffbe6
    colorWarningBg: "#fffbe6",
    colorWarningBorder: "#ffe58f",
    colorError: "#c41d1d", // 5.6:1 on #fff2f0
    colorErrorBg: "#fff2f0",
    colorErrorBorder: "#ffccc7",
    green7: "#237804",
    gold7: "#874d00",
    orange7: "#ad4e00",
    red7: "#a8071a",
    cyan7: "#006d75",
    borderRadius: 6,
  },
};

function LocalisedApp() {
  const { lang } = useI18n();
  dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
  // no space inserted between two Chinese characters of a button (移 除): its visible text stays
  // part of its accessible name (WCAG 2.5.3). Lists not virtual: a virtual Select list gives its
  // visible options aria-selected without role="option". Empty states in the 4.5:1 description grey.
  return (
    <ConfigProvider locale={lang === "zh-CN" ? zhCNAntd : enUSAntd} theme={theme} button={{ autoInsertSpace: false }} virtual={false} renderEmpty={() => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}>
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
