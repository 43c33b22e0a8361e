import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import type { DemandCreate, SimilarDemand } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { demandFixture } from "../../../test/fixtures";
import { DemandForm } from "./DemandForm";
import { demandDraftKey, dropStaleDrafts } from "./localDraft";

const DRAFT_KEY = "test.draft.demand";

const draft: DemandCreate = {
  title: "",
  description: "面向汽车零部件产线的表面缺陷视觉检测，要求漏检率低于千分之一。",
  field: "通用人工智能",
  industry: "制造",
  region: "苏州市",
  scenario_tier: null,
  budget_min_wan: 100,
  budget_max_wan: 300,
  trl_required: 6,
  cooperation_mode: null,
  keywords: ["缺陷检测"],
  deadline: null,
};

function validationError(errors: { field: string; message: string }[]): ApiError {
  return new ApiError(422, {
    code: "validation_error",
    message: "提交的内容有误",
    errors: errors.map((e) => ({ ...e, loc: ["body", e.field] })),
  });
}

function itemOf(el: HTMLElement): HTMLElement {
  const item = el.closest(".ant-form-item");
  if (!(item instanceof HTMLElement)) throw new Error("not inside a form item");
  return item;
}

describe("DemandForm", () => {
  beforeEach(() => localStorage.clear());

  it("puts the server's messages at their fields and keeps what was typed", async () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    const save = vi.fn().mockRejectedValue(
      validationError([
        { field: "title", message: "标题不能与已有需求重复" },
        { field: "budget_max_wan", message: "预算上限超出允许范围" },
        { field: "organization", message: "所属单位尚未通过审核" },
      ]),
    );
    const user = userEvent.setup();
    renderWithApp(<DemandForm save={save} findSimilar={async () => []} draftKey={DRAFT_KEY} debounceMs={5} />);

    const title = await screen.findByLabelText("需求名称");
    await user.type(title, "汽车零部件表面缺陷智能检测");
    await user.click(screen.getByRole("button", { name: /保存草稿/ }));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const [body, mode] = save.mock.calls[0] as [DemandCreate, string];
    expect(mode).toBe("draft");
    expect(body).toMatchObject({ title: "汽车零部件表面缺陷智能检测", field: "通用人工智能", region: "苏州市", budget_max_wan: 300, keywords: ["缺陷检测"] });

    const titleMessage = await screen.findByText("标题不能与已有需求重复");
    expect(itemOf(titleMessage)).toContainElement(screen.getByLabelText("需求名称"));
    const budgetMessage = screen.getByText("预算上限超出允许范围");
    expect(itemOf(budgetMessage)).toContainElement(screen.getByLabelText("预算上限（万元）"));
    // a message for no field of this form is shown above the form, not dropped
    expect(within(screen.getByRole("alert")).getByText(/所属单位尚未通过审核/)).toBeInTheDocument();
    // nothing typed is lost
    expect(screen.getByLabelText("需求名称")).toHaveValue("汽车零部件表面缺陷智能检测");
    expect(screen.getByLabelText(/需求描述/)).toHaveValue(draft.description);
  });

  it("submits with mode 'submit' and clears the stored draft on success", async () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, title: "氢能重卡加氢站安全监测" }));
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<DemandForm save={save} findSimilar={async () => []} draftKey={DRAFT_KEY} debounceMs={5} />);
    await screen.findByDisplayValue("氢能重卡加氢站安全监测");
    await user.click(screen.getByRole("button", { name: /保存并提交审核/ }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ title: "氢能重卡加氢站安全监测" }), "submit"));
    await waitFor(() => expect(localStorage.getItem(DRAFT_KEY)).toBeNull());
  });

  it("refuses to save without the required fields, before calling the server", async () => {
    const save = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<DemandForm save={save} findSimilar={async () => []} debounceMs={5} />);
    await user.click(screen.getByRole("button", { name: /保存草稿/ }));
    expect(await screen.findByText("请填写需求名称")).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
  });

  it("warns about near-duplicates while typing, debounced", async () => {
    const similar: SimilarDemand[] = [{ id: 7, title: "汽车零部件缺陷视觉检测", status: "published", score: 0.91, explanation: "标题与描述高度相似" }];
    const findSimilar = vi.fn().mockResolvedValue(similar);
    renderWithApp(<DemandForm save={vi.fn()} findSimilar={findSimilar} debounceMs={20} />);
    const title = screen.getByLabelText("需求名称");
    fireEvent.change(title, { target: { value: "汽车零部件" } });
    fireEvent.change(title, { target: { value: "汽车零部件表面缺陷检测" } });
    expect(await screen.findByText("可能与以下需求重复")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "汽车零部件缺陷视觉检测" })).toHaveAttribute("href", "/demands/7");
    expect(findSimilar).toHaveBeenCalledTimes(1);
    expect(findSimilar).toHaveBeenCalledWith("汽车零部件表面缺陷检测");
  });

  it("does not save when Enter is pressed in a one-line field; Enter in the description makes a new line", async () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, description: "", budget_min_wan: null }));
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<DemandForm save={save} findSimilar={async () => []} draftKey={DRAFT_KEY} debounceMs={5} />);
    const title = await screen.findByLabelText("需求名称");
    await user.type(title, "汽车零部件表面缺陷检测{Enter}");
    await user.type(screen.getByLabelText(/需求描述/), "第一行{Enter}第二行");
    await user.type(screen.getByLabelText("预算下限（万元）"), "100{Enter}");
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/需求描述/)).toHaveValue("第一行\n第二行");
    // Enter still adds a keyword
    await user.type(screen.getByLabelText("关键词"), "机器视觉{Enter}");
    expect(save).not.toHaveBeenCalled();
    // and on a button it acts
    screen.getByRole("button", { name: /保存草稿/ }).focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0]).toEqual([expect.objectContaining({ title: "汽车零部件表面缺陷检测", budget_min_wan: 100, keywords: ["缺陷检测", "机器视觉"] }), "draft"]);
  });

  it("restores unsaved edits of a demand after a reload, says so, and can discard them", async () => {
    const demand = demandFixture({ id: 12, version: 3, title: "储能电站热失控预警" });
    const key = demandDraftKey(demand);
    expect(key).not.toBe(demandDraftKey({ id: 12, version: 4 }));
    const user = userEvent.setup();
    const first = renderWithApp(<DemandForm initial={demand} save={vi.fn()} findSimilar={async () => []} draftKey={key} debounceMs={5} />);
    expect(await screen.findByDisplayValue("储能电站热失控预警")).toBeInTheDocument();
    expect(screen.queryByText("已恢复未保存的修改")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("需求名称"), "系统");
    first.unmount(); // the reload

    renderWithApp(<DemandForm initial={demand} save={vi.fn()} findSimilar={async () => []} draftKey={key} debounceMs={5} />);
    expect(await screen.findByDisplayValue("储能电站热失控预警系统")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("已恢复未保存的修改");
    await user.click(screen.getByRole("button", { name: "放弃修改" }));
    expect(await screen.findByDisplayValue("储能电站热失控预警")).toBeInTheDocument();
    expect(screen.queryByText("已恢复未保存的修改")).not.toBeInTheDocument();
    expect(localStorage.getItem(key)).toBeNull();
  });

  it("clears the copy after a successful save, and a copy of an older version is dropped", async () => {
    const demand = demandFixture({ id: 12, version: 3 });
    localStorage.setItem(demandDraftKey({ id: 12, version: 2 }), JSON.stringify(draft));
    localStorage.setItem(demandDraftKey(demand), JSON.stringify({ ...draft, title: "氢能重卡加氢站安全监测" }));
    dropStaleDrafts(demand);
    expect(localStorage.getItem(demandDraftKey({ id: 12, version: 2 }))).toBeNull();
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<DemandForm initial={demand} save={save} findSimilar={async () => []} draftKey={demandDraftKey(demand)} debounceMs={5} />);
    expect(await screen.findByDisplayValue("氢能重卡加氢站安全监测")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("已恢复未保存的修改");
    await user.click(screen.getByRole("button", { name: /保存草稿/ }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ title: "氢能重卡加氢站安全监测" }), "draft"));
    await waitFor(() => expect(localStorage.getItem(demandDraftKey(demand))).toBeNull());
  });
});
