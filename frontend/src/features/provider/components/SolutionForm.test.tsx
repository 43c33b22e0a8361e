import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import type { SolutionCreate, SolutionRead } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { SolutionForm } from "./SolutionForm";

const existing: SolutionRead = {
  id: 3,
  external_id: null,
  title: "工业视觉缺陷检测平台",
  description: "基于小样本学习的表面缺陷检测，已在多条产线部署。",
  fields: ["通用人工智能"],
  industries: ["制造"],
  trl: 7,
  regions_served: ["苏州市"],
  price_min_wan: 50,
  price_max_wan: 200,
  keywords: ["机器视觉"],
  ip_summary: "发明专利 3 项",
  references: "",
  visibility: "members",
  organization: { id: 9, name: "苏州视觉科技有限公司", kind: "企业", region: "苏州市" },
  owner_id: 4,
  created_at: "2026-01-05T08:00:00Z",
  updated_at: "2026-01-05T08:00:00Z",
  version: 2,
};

describe("SolutionForm", () => {
  it("shows the server's message at the field and keeps the input", async () => {
    const save = vi.fn().mockRejectedValue(
      new ApiError(422, { code: "validation_error", message: "提交的内容有误", errors: [{ field: "description", loc: ["body", "description"], message: "方案简介至少 20 个字" }] }),
    );
    const user = userEvent.setup();
    renderWithApp(<SolutionForm save={save} />);
    await user.type(screen.getByLabelText("方案名称"), "氢燃料电池热管理");
    await user.type(screen.getByLabelText(/方案简介/), "太短了");
    await user.click(screen.getByLabelText("仅登录用户可见"));
    await user.click(screen.getByRole("button", { name: /保\s*存/ }));
    const message = await screen.findByText("方案简介至少 20 个字");
    expect(message.closest(".ant-form-item")).toContainElement(screen.getByLabelText(/方案简介/));
    expect(screen.getByLabelText("方案名称")).toHaveValue("氢燃料电池热管理");
    expect(screen.getByLabelText(/方案简介/)).toHaveValue("太短了");
  });

  it("edits an existing solution and sends a clean body", async () => {
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<SolutionForm initial={existing} save={save} />);
    const title = await screen.findByDisplayValue("工业视觉缺陷检测平台");
    await user.clear(title);
    await user.type(title, "  工业视觉缺陷检测平台 V2  ");
    await user.click(screen.getByRole("button", { name: /保\s*存/ }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const body = save.mock.calls[0][0] as SolutionCreate;
    expect(body).toEqual({
      title: "工业视觉缺陷检测平台 V2",
      description: existing.description,
      fields: ["通用人工智能"],
      industries: ["制造"],
      trl: 7,
      regions_served: ["苏州市"],
      price_min_wan: 50,
      price_max_wan: 200,
      keywords: ["机器视觉"],
      ip_summary: "发明专利 3 项",
      references: null,
      visibility: "members",
    });
  });

  it("asks who may see a new solution and sends the choice", async () => {
    const save = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<SolutionForm save={save} />);
    await user.type(screen.getByLabelText("方案名称"), "氢燃料电池热管理系统");
    await user.type(screen.getByLabelText(/方案简介/), "面向重卡的燃料电池热管理，低温冷启动时间缩短一半，已装车验证。");
    await user.click(screen.getByRole("button", { name: /保\s*存/ }));
    // no choice is made for the provider
    expect(await screen.findByText("请选择公开范围")).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();

    await user.click(screen.getByLabelText("公开（技术供给清单）"));
    await user.click(screen.getByRole("button", { name: /保\s*存/ }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save.mock.calls[0][0]).toEqual(expect.objectContaining({ title: "氢燃料电池热管理系统", visibility: "public" }));
  });

  it("checks that the price range is in order", async () => {
    const save = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<SolutionForm initial={{ ...existing, price_min_wan: 300, price_max_wan: 100 }} save={save} />);
    await screen.findByDisplayValue("工业视觉缺陷检测平台");
    await user.click(screen.getByRole("button", { name: /保\s*存/ }));
    expect(await screen.findByText("报价上限不能低于下限")).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
  });
});
