import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { demandFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import DemandPage from "./DemandPage";
import { getPublicDemand } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getPublicDemand: vi.fn(),
}));

const getDemand = vi.mocked(getPublicDemand);

function show() {
  renderWithApp(
    <Routes>
      <Route path="/demands/:id" element={<DemandPage />} />
    </Routes>,
    { route: "/demands/5" },
  );
}

describe("DemandPage", () => {
  it("leads from a demand that found its answer to its scenario, at the stage it has reached", async () => {
    getDemand.mockResolvedValue({
      ...demandFixture({ id: 5, title: "储能电站电池热失控早期预警系统", status: "closed" }),
      scenarios: [{ id: 7, title: "储能热失控预警示范", region: "常州市", stage: "replicable" }],
    });
    show();
    const link = await screen.findByRole("link", { name: "储能热失控预警示范" });
    expect(link).toHaveAttribute("href", "/scenarios/7");
    expect(screen.getByTestId("demand-scenarios")).toHaveTextContent("认定的应用场景");
    expect(screen.getByTestId("demand-scenarios")).toHaveTextContent("可复制推广");
  });

  it("shows no scenario section while the demand has none", async () => {
    getDemand.mockResolvedValue({ ...demandFixture({ id: 5, status: "published" }), scenarios: [] });
    show();
    await screen.findByText(demandFixture().description);
    expect(screen.queryByTestId("demand-scenarios")).not.toBeInTheDocument();
  });
});
