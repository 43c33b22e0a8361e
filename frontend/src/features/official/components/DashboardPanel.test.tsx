import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Dashboard, UserRead } from "../../../api/types";
import { userFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { dashboard } from "../service";
import { DashboardPanel } from "./DashboardPanel";

const auth = vi.hoisted(() => ({ user: null as UserRead | null }));

vi.mock("../../auth/AuthContext", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../auth/AuthContext")>();
  return {
    ...mod,
    useAuth: () => ({ user: auth.user, checking: false, login: vi.fn(), logout: vi.fn(), refresh: vi.fn(), hasRole: () => true }),
  };
});
vi.mock("../service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../service")>()),
  dashboard: vi.fn(),
}));

function board(scopeRegion: string | null): Dashboard {
  return {
    progress: { scenarios: 1, scenarios_target: 100, demonstrations: 0, demonstrations_target: 20, replicable: 0 },
    by_field: [],
    by_city: [],
    scope_region: scopeRegion,
    funnel: [],
    median_days_to_engagement: null,
    engagements_measured: 0,
  };
}

describe("DashboardPanel", () => {
  beforeEach(() => {
    vi.mocked(dashboard).mockReset();
    vi.mocked(dashboard).mockImplementation(async (scope) => board(scope === "region" ? "苏州市" : null));
  });

  it("shows a city official their city first and switches to the province", async () => {
    auth.user = userFixture({ roles: ["official"], region: "苏州市" });
    const user = userEvent.setup();
    renderWithApp(<DashboardPanel />);
    expect(await screen.findByTestId("dashboard-scope")).toHaveTextContent("苏州市");
    expect(dashboard).toHaveBeenLastCalledWith("region");
    await user.click(screen.getByText("全省"));
    await waitFor(() => expect(dashboard).toHaveBeenLastCalledWith("province"));
    await waitFor(() => expect(screen.getByTestId("dashboard-scope")).toHaveTextContent("全省"));
  });

  it("has no switch for a province official", async () => {
    auth.user = userFixture({ roles: ["official"], region: null });
    renderWithApp(<DashboardPanel />);
    expect(await screen.findByTestId("dashboard-scope")).toHaveTextContent("全省");
    expect(dashboard).toHaveBeenLastCalledWith(undefined);
    expect(screen.queryByText(/本市/)).not.toBeInTheDocument();
  });
});
