import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DemandSearchPage as Page } from "../../api/types";
import { demandFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import { NARROW_QUERY } from "../../components/useNarrow";
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
    expect(screen.queryByText(/筛选条件/)).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "清除筛选条件" })).not.toBeInTheDocument();
    // other words, or everything
    expect(screen.getByText("换个说法或更短的关键词试试，也可以浏览全部。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "浏览全部" }));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ q: undefined })));
  });

  it("offers to clear the filters when they left nothing, and keeps the words", async () => {
    search.mockResolvedValue(page({ items: [], total: 0 }));
    renderWithApp(<DemandSearchPage />, { route: "/demands?q=储能&region=苏州市&trl_max=3" });
    expect(await screen.findByText("没有符合当前筛选条件的场景需求。")).toBeInTheDocument();
    expect(screen.queryByText(/减少筛选条件/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "清除筛选条件" }));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ q: "储能", region: undefined, trl_max: undefined })));
  });

  it("folds the filters behind a 筛选 button on a phone, with the number set", async () => {
    const wide = window.matchMedia;
    window.matchMedia = ((query: string) => ({ ...wide(query), matches: query === NARROW_QUERY })) as typeof window.matchMedia;
    try {
      search.mockResolvedValue(page());
      renderWithApp(<DemandSearchPage />, { route: "/demands?region=苏州市" });
      await screen.findByText("找到 1 条场景需求");
      expect(screen.queryByLabelText("所属领域")).not.toBeInTheDocument();
      const button = screen.getByRole("button", { name: /筛\s*选/ });
      expect(button.closest(".ant-badge")).toHaveTextContent("1");
      await userEvent.click(button);
      expect(await screen.findByRole("dialog", { name: "筛选" })).toBeInTheDocument();
      expect(screen.getByLabelText("所属领域")).toBeInTheDocument();
    } finally {
      window.matchMedia = wide;
    }
  });

  it("keeps the filters beside the results on a wide screen", async () => {
    search.mockResolvedValue(page());
    renderWithApp(<DemandSearchPage />, { route: "/demands" });
    await screen.findByText("找到 1 条场景需求");
    expect(screen.getByLabelText("所属领域")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /筛\s*选/ })).not.toBeInTheDocument();
  });
});
