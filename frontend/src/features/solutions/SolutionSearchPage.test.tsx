import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SolutionCatalogue } from "../../api/types";
import { solutionFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import SolutionSearchPage from ".";
import { searchSolutions } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  searchSolutions: vi.fn(),
}));

const search = vi.mocked(searchSolutions);

function catalogue(overrides: Partial<SolutionCatalogue> = {}): SolutionCatalogue {
  return {
    items: [solutionFixture()],
    total: 1,
    page: 1,
    page_size: 10,
    facets: { field: [{ value: "通用人工智能", count: 1 }], industry: [{ value: "制造", count: 1 }], region: [], trl: [] },
    sort: "relevance",
    nearest: false,
    highlights: {},
    ...overrides,
  };
}

describe("SolutionSearchPage", () => {
  beforeEach(() => search.mockReset());

  it("marks the words found in a solution and links it and its provider", async () => {
    search.mockResolvedValue(catalogue({ highlights: { "3": ["缺陷检测"] } }));
    renderWithApp(<SolutionSearchPage />, { route: "/solutions?q=缺陷检测" });
    const marks = await screen.findAllByText("缺陷检测", { selector: "mark" });
    // in the title's link and in the description
    expect(marks).toHaveLength(2);
    expect(marks[0].closest("a")).toHaveAttribute("href", "/solutions/3");
    expect(screen.getByRole("link", { name: "南京智视科技有限公司" })).toHaveAttribute("href", "/organizations/9");
    expect(screen.getByText("找到 1 项技术方案")).toBeInTheDocument();
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ q: "缺陷检测" }));
  });

  it("shows the facet counts and filters by a value", async () => {
    search.mockResolvedValue(catalogue());
    renderWithApp(<SolutionSearchPage />, { route: "/solutions" });
    await screen.findByText("找到 1 项技术方案");
    await userEvent.click(screen.getByLabelText("所属领域"));
    const listbox = await screen.findByRole("listbox");
    expect(within(listbox.parentElement as HTMLElement).getByText("通用人工智能（1）")).toBeInTheDocument();
    await userEvent.click(screen.getByText("通用人工智能（1）", { selector: ".ant-select-item-option-content" }));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ field: "通用人工智能", page: 1 })));
  });

  it("says when nothing fitted and the solutions shown are only the nearest", async () => {
    search.mockResolvedValue(catalogue({ nearest: true }));
    renderWithApp(<SolutionSearchPage />, { route: "/solutions?q=zzqx" });
    expect(await screen.findByText("没有与“zzqx”相符的技术方案，以下是最接近的几项")).toBeInTheDocument();
    expect(screen.getByText(/可以换个说法/)).toBeInTheDocument();
    expect(screen.queryByText(/找到 1 项/)).not.toBeInTheDocument();
  });

  it("orders by maturity on request, and offers relevance only with a query", async () => {
    search.mockResolvedValue(catalogue({ sort: "newest" }));
    renderWithApp(<SolutionSearchPage />, { route: "/solutions" });
    await screen.findByText("找到 1 项技术方案");
    await userEvent.click(screen.getByRole("combobox", { name: "排序方式" }));
    expect(screen.queryByText("按相关度")).not.toBeInTheDocument();
    await userEvent.click(await screen.findByText("成熟度最高"));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "trl" })));
  });

  it("offers someone with filters to clear them when nothing is found, keeping the words", async () => {
    search.mockResolvedValue(catalogue({ items: [], total: 0 }));
    renderWithApp(<SolutionSearchPage />, { route: "/solutions?q=储能&trl_min=9" });
    expect(await screen.findByText("没有符合当前筛选条件的技术方案。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "清除筛选条件" }));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ q: "储能", trl_min: undefined })));
  });
});
