import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import type { DemandCreate, SimilarDemand } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { DemandForm } from "./DemandForm";

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
  it("puts the server's messages at their fields and keeps what was typed", async () => {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
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
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, title: "氢能重卡加氢站安全监测" }));
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<DemandForm save={save} findSimilar={async () => []} draftKey={DRAFT_KEY} debounceMs={5} />);
    await screen.findByDisplayValue("氢能重卡加氢站安全监测");
    await user.click(screen.getByRole("button", { name: /保存并提交审核/ }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ title: "氢能重卡加氢站安全监测" }), "submit"));
    await waitFor(() => expect(sessionStorage.getItem(DRAFT_KEY)).toBeNull());
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
});
