import { App as AntApp, ConfigProvider } from "antd";
import enUSAntd from "antd/locale/en_US";
import zhCNAntd from "antd/locale/zh_CN";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router-dom";
import { currentLanguage } from "../api/client";
import type { Taxonomy } from "../api/types";
import { TaxonomyContext } from "../app/TaxonomyContext";
import { AuthProvider } from "../features/auth/AuthContext";
import { I18nProvider } from "../locales";

export const taxonomy: Taxonomy = {
  fields: ["通用人工智能", "第三代半导体", "合成生物"],
  industries: ["制造", "医疗健康", "交通"],
  regions: ["南京市", "苏州市", "无锡市"],
  cities: ["南京市", "苏州市", "无锡市"],
  scenario_tiers: ["早期验证", "融合应用", "典型示范"],
  cooperation_modes: ["委托开发", "联合研发"],
  english: {},
};

/** Render with the app's providers (the stored language, zh-CN by default; a fixed vocabulary; a memory router). */
export function renderWithApp(ui: ReactElement, { route = "/", vocabulary = taxonomy }: { route?: string; vocabulary?: Taxonomy } = {}): RenderResult {
  return render(
    <I18nProvider>
      <ConfigProvider locale={currentLanguage() === "en-US" ? enUSAntd : zhCNAntd}>
        <AntApp>
          <AuthProvider>
            <TaxonomyContext.Provider value={vocabulary}>
              <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
            </TaxonomyContext.Provider>
          </AuthProvider>
        </AntApp>
      </ConfigProvider>
    </I18nProvider>,
  );
}
