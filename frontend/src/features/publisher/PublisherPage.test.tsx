import { screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { UserRead } from "../../api/types";
import { userFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import PublisherPage from ".";

const auth = vi.hoisted(() => ({ user: null as UserRead | null }));

vi.mock("../auth/AuthContext", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../auth/AuthContext")>();
  return {
    ...mod,
    useAuth: () => ({ user: auth.user, checking: false, login: vi.fn(), logout: vi.fn(), refresh: vi.fn(), hasRole: () => true }),
  };
});

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  myDemands: vi.fn().mockResolvedValue({ items: [], total: 0, page: 1, page_size: 100 }),
}));
vi.mock("../applications/service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../applications/service")>()),
  listApplications: vi.fn().mockResolvedValue([]),
}));

const PENDING = "您的机构成员申请待管理员审核，审核通过后即可发布需求或方案";

describe("PublisherPage", () => {
  beforeEach(() => {
    auth.user = null;
  });

  it("tells a pending member to wait for the administrator, instead of the create button", () => {
    auth.user = userFixture({ membership: "pending" });
    renderWithApp(<PublisherPage />);
    expect(screen.getByText(PENDING)).toBeInTheDocument();
    expect(screen.getByText(/苏州精密部件制造有限公司/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "发布新需求" })).not.toBeInTheDocument();
    // the organization's demands are not asked for (the server would answer 403)
    expect(screen.queryByRole("tab", { name: "我的场景需求" })).not.toBeInTheDocument();
  });

  it("shows an active member the create button and their demands", async () => {
    auth.user = userFixture({ membership: "active" });
    renderWithApp(<PublisherPage />);
    expect(screen.getByRole("link", { name: "发布新需求" })).toBeInTheDocument();
    expect(screen.queryByText(PENDING)).not.toBeInTheDocument();
    expect(await screen.findByRole("tab", { name: "我的场景需求" })).toBeInTheDocument();
  });
});
