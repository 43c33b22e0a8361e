import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OrganizationProfile } from "../../api/types";
import { solutionFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import ProfilePage from "./ProfilePage";
import { getOrganizationProfile } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getOrganizationProfile: vi.fn(),
}));

const load = vi.mocked(getOrganizationProfile);

function profile(overrides: Partial<OrganizationProfile> = {}): OrganizationProfile {
  return {
    id: 9,
    name: "南京智视科技有限公司",
    kind: "企业",
    region: "南京市",
    solutions: [solutionFixture()],
    demands: [{ id: 30, title: "园区巡检机器人视觉导航", region: "南京市", status: "published" }],
    scenarios: [{ id: 4, title: "冲压件在线视觉检测示范", region: "苏州市", stage: "demonstration" }],
    ...overrides,
  };
}

function renderPage() {
  renderWithApp(
    <Routes>
      <Route path="/organizations/:id" element={<ProfilePage />} />
    </Routes>,
    { route: "/organizations/9" },
  );
}

describe("ProfilePage", () => {
  beforeEach(() => load.mockReset());

  it("shows who the organization is and lists its solutions, demands and scenarios", async () => {
    load.mockResolvedValue(profile());
    renderPage();
    expect(await screen.findByRole("heading", { level: 2, name: "南京智视科技有限公司" })).toBeInTheDocument();
    expect(load).toHaveBeenCalledWith(9);
    expect(screen.getByText("企业")).toBeInTheDocument();

    const solutions = screen.getByRole("region", { name: "技术方案" });
    expect(within(solutions).getByRole("link", { name: "小样本工业视觉缺陷检测平台" })).toHaveAttribute("href", "/solutions/3");
    const demands = screen.getByRole("heading", { name: "发布的场景需求" }).closest(".ant-card") as HTMLElement;
    expect(within(demands).getByRole("link", { name: "园区巡检机器人视觉导航" })).toHaveAttribute("href", "/demands/30");
    const scenarios = screen.getByRole("heading", { name: "应用场景" }).closest(".ant-card") as HTMLElement;
    expect(within(scenarios).getByRole("link", { name: "冲压件在线视觉检测示范" })).toHaveAttribute("href", "/scenarios/4");
  });

  it("says so when a section is empty", async () => {
    load.mockResolvedValue(profile({ solutions: [], demands: [], scenarios: [] }));
    renderPage();
    expect(await screen.findByText("暂无可查看的技术方案。")).toBeInTheDocument();
    expect(screen.getByText("暂无发布的场景需求。")).toBeInTheDocument();
    expect(screen.getByText("暂无应用场景。")).toBeInTheDocument();
  });
});
