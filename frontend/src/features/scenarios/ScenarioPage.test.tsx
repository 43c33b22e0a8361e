import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { scenarioFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import ScenarioPage from "./ScenarioPage";
import { publicScenario } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  publicScenario: vi.fn(),
}));

describe("ScenarioPage", () => {
  it("links both organizations to their profiles and the solution to its page", async () => {
    vi.mocked(publicScenario).mockResolvedValue(
      scenarioFixture({
        publisher: { id: 3, name: "苏州精密部件制造有限公司", kind: "企业", region: "苏州市" },
        provider: { id: 9, name: "南京智视科技有限公司", kind: "企业", region: "南京市" },
        solution_id: 3,
        solution_title: "小样本工业视觉缺陷检测平台",
      }),
    );
    renderWithApp(
      <Routes>
        <Route path="/scenarios/:id" element={<ScenarioPage />} />
      </Routes>,
      { route: "/scenarios/4" },
    );
    expect(await screen.findByRole("link", { name: "苏州精密部件制造有限公司" })).toHaveAttribute("href", "/organizations/3");
    expect(screen.getByRole("link", { name: "南京智视科技有限公司" })).toHaveAttribute("href", "/organizations/9");
    expect(screen.getByRole("link", { name: "小样本工业视觉缺陷检测平台" })).toHaveAttribute("href", "/solutions/3");
  });
});
