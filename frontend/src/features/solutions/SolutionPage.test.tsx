import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { actions, solutionDetailFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import SolutionPage from "./SolutionPage";
import { getPublicSolution } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getPublicSolution: vi.fn(),
}));

const load = vi.mocked(getPublicSolution);

function renderPage() {
  renderWithApp(
    <Routes>
      <Route path="/solutions/:id" element={<SolutionPage />} />
    </Routes>,
    { route: "/solutions/3" },
  );
}

describe("SolutionPage", () => {
  beforeEach(() => load.mockReset());

  it("shows what the solution is and links its provider, demands and scenarios", async () => {
    load.mockResolvedValue(
      solutionDetailFixture({
        answered_demands: [{ id: 21, title: "汽车零部件表面缺陷智能视觉检测", region: "苏州市", status: "published" }],
        scenarios: [{ id: 4, title: "冲压件在线视觉检测示范", region: "苏州市", stage: "piloting" }],
      }),
    );
    renderPage();
    expect(await screen.findByRole("heading", { name: /小样本工业视觉缺陷检测平台/ })).toBeInTheDocument();
    expect(load).toHaveBeenCalledWith(3);
    expect(screen.getByRole("link", { name: "南京智视科技有限公司" })).toHaveAttribute("href", "/organizations/9");
    expect(screen.getByRole("link", { name: "汽车零部件表面缺陷智能视觉检测" })).toHaveAttribute("href", "/demands/21");
    expect(screen.getByRole("link", { name: "冲压件在线视觉检测示范" })).toHaveAttribute("href", "/scenarios/4");
    // maturity, price, IP, references, regions served
    expect(screen.getByText("80–260 万元")).toBeInTheDocument();
    expect(screen.getByText("发明专利 3 项")).toBeInTheDocument();
    expect(screen.getByText(/漏检率降至千分之一以下/)).toBeInTheDocument();
    const regions = screen.getByText("服务地区").closest("tr") as HTMLElement;
    expect(within(regions).getByText("南京市")).toBeInTheDocument();
    expect(screen.getByText("公开（技术供给清单）")).toBeInTheDocument();
  });

  it("offers no edit to a reader the server gives no edit", async () => {
    load.mockResolvedValue(solutionDetailFixture({ next_actions: [] }));
    renderPage();
    await screen.findByRole("heading", { name: /小样本工业视觉缺陷检测平台/ });
    expect(screen.queryByRole("link", { name: /编\s*辑/ })).not.toBeInTheDocument();
    expect(screen.getByText("暂无已对接的公开需求。")).toBeInTheDocument();
    expect(screen.getByText("暂无认定的应用场景。")).toBeInTheDocument();
  });

  it("offers its owner the edit page", async () => {
    load.mockResolvedValue(solutionDetailFixture({ next_actions: actions("edit", "delete") }));
    renderPage();
    const edit = await screen.findByRole("link", { name: /编\s*辑/ });
    expect(edit).toHaveAttribute("href", "/workspace/solutions/3/edit");
  });
});
