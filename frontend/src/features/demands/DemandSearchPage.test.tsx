import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DemandSearchPage as Page } from "../../api/types";
import { demandFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import DemandSearchPage from ".";
import { searchDemands } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  searchDemands: vi.fn(),
}));

const search = vi.mocked(searchDemands);

function page(overrides: Partial<Page> = {}): Page {
  const demand = demandFixture({
    id: 5,
    title: "露天矿无人驾驶矿卡编组运输",
    description: "20 台矿卡实现无人驾驶编组运输。",
    status: "published",
  });
  return { items: [demand], total: 1, page: 1, page_size: 10, facets: {}, sort: "relevance", nearest: false, highlights: {}, ...overrides };
}

describe("DemandSearchPage", () => {
  beforeEach(() => search.mockReset());

  it("marks the words the search found in a demand's title and description", async () => {
    search.mockResolvedValue(page({ highlights: { "5": ["无人驾驶"] } }));
    renderWithApp(<DemandSearchPage />, { route: "/demands?q=自动驾驶" });
    const marks = await screen.findAllByText("无人驾驶", { selector: "mark" });
    // in the title's link and in the description
    expect(marks).toHaveLength(2);
    expect(marks[0].closest("a")).toHaveAttribute("href", "/demands/5");
    expect(screen.getByRole("link", { name: "苏州精密部件制造有限公司" })).toHaveAttribute("href", "/organizations/3");
    expect(screen.getByText("找到 1 条场景需求")).toBeInTheDocument();
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ q: "自动驾驶" }));
  });

  it("says when nothing fitted and the demands shown are only the nearest", async () => {
    search.mockResolvedValue(page({ nearest: true }));
    renderWithApp(<DemandSearchPage />, { route: "/demands?q=zzqx" });
    expect(await screen.findByText("没有与“zzqx”相符的场景需求，以下是最接近的几条")).toBeInTheDocument();
    expect(screen.queryByText(/找到 1 条/)).not.toBeInTheDocument();
  });

  it("asks the server for another order, and offers relevance only with a query", async () => {
    search.mockResolvedValue(page({ sort: "newest", highlights: {} }));
    renderWithApp(<DemandSearchPage />, { route: "/demands" });
    await screen.findByText("找到 1 条场景需求");
    const select = await screen.findByRole("combobox", { name: "排序方式" });
    await userEvent.click(select);
    expect(screen.queryByText("按相关度")).not.toBeInTheDocument();
    await userEvent.click(await screen.findByText("截止日期最近"));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "deadline" })));
  });

  it("does not tell someone without filters to remove filters", async () => {
    search.mockResolvedValue(page({ items: [], total: 0 }));
    renderWithApp(<DemandSearchPage />, { route: "/demands?q=储能" });
    expect(await screen.findByText("暂无符合的场景需求。")).toBeInTheDocument();
    expect(screen.queryByText(/减少筛选条件/)).not.toBeInTheDocument();
  });
});
