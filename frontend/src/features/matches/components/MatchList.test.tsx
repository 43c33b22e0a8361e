import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/errors";
import type { MatchRead } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { MatchList } from "./MatchList";

function match(overrides: Partial<MatchRead> = {}): MatchRead {
  return {
    match_id: 11,
    demand: { id: 1, external_id: null, title: "汽车零部件表面缺陷检测" },
    solution: { id: 3, external_id: "S-3", title: "工业视觉缺陷检测平台" },
    provider: { id: 9, name: "苏州视觉科技有限公司" },
    score: 0.82,
    parts: { keyword: 0.3, dense: 0.42, maturity: 0.1 },
    explanation: "关键词“缺陷检测”“机器视觉”均命中；成熟度满足要求",
    origin: "matcher",
    status: "proposed",
    demand_engaged: false,
    provider_engaged: false,
    decline_reason: null,
    proposal_id: null,
    application_id: null,
    version: 1,
    created_at: "2026-01-05T08:00:00Z",
    next_actions: [
      { action: "engage", roles: ["publisher", "provider"] },
      { action: "decline", roles: ["publisher", "provider"] },
    ],
    ...overrides,
  };
}

describe("MatchList", () => {
  it("renders the score's parts as a bar and the explanation in words", () => {
    renderWithApp(<MatchList side="demand" matches={[match()]} onEngage={vi.fn()} onDecline={vi.fn()} />);
    const bar = screen.getByTestId("parts-bar");
    expect(bar.querySelectorAll("[data-part]")).toHaveLength(3);
    expect(bar).toHaveAccessibleName(/关键词相关度 0\.3.*语义相似度 0\.42.*成熟度契合 0\.1/);
    // widths split the overall score in proportion to the parts
    const dense = bar.querySelector<HTMLElement>('[data-part="dense"]');
    expect(parseFloat(dense?.style.width ?? "0")).toBeCloseTo((0.42 / 0.82) * 82, 1);
    expect(screen.getByText(/关键词“缺陷检测”“机器视觉”均命中/)).toBeInTheDocument();
    expect(screen.getByText("匹配度 82")).toBeInTheDocument();
  });

  it("links the candidate solution to its page, the provider to its profile, and the match to its own page", () => {
    renderWithApp(<MatchList side="demand" matches={[match()]} onEngage={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByRole("link", { name: "工业视觉缺陷检测平台" })).toHaveAttribute("href", "/solutions/3");
    expect(screen.getByRole("link", { name: "苏州视觉科技有限公司" })).toHaveAttribute("href", "/organizations/9");
    expect(screen.getByRole("link", { name: "匹配详情" })).toHaveAttribute("href", "/workspace/matches/11");
  });

  it("names the provider when the match has no solution, and leaves out the link to the page it is on", () => {
    renderWithApp(<MatchList side="demand" matches={[match({ solution: null })]} detailLink={false} onEngage={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByRole("link", { name: "苏州视觉科技有限公司" })).toHaveAttribute("href", "/organizations/9");
    expect(screen.queryByRole("link", { name: "匹配详情" })).not.toBeInTheDocument();
  });

  it("engages", async () => {
    const onEngage = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<MatchList side="demand" matches={[match()]} onEngage={onEngage} onDecline={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "确认对接" }));
    await waitFor(() => expect(onEngage).toHaveBeenCalledWith(expect.objectContaining({ match_id: 11 })));
  });

  it("waits for the other side once this side has confirmed", () => {
    renderWithApp(<MatchList side="provider" matches={[match({ provider_engaged: true, next_actions: [{ action: "decline", roles: ["provider"] }] })]} onEngage={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "确认对接" })).not.toBeInTheDocument();
    expect(screen.getByText("我方已确认，等待对方确认")).toBeInTheDocument();
  });

  it("declines with a reason, and shows the server's message at the reason", async () => {
    const onDecline = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, { code: "validation_error", message: "提交的内容有误", errors: [{ field: "reason", message: "原因至少 2 个字" }] }))
      .mockResolvedValueOnce(undefined);
    const user = userEvent.setup();
    renderWithApp(<MatchList side="demand" matches={[match()]} onEngage={vi.fn()} onDecline={onDecline} />);
    await user.click(screen.getByRole("button", { name: "婉 拒" }));
    const dialog = await screen.findByRole("dialog");
    // a reason is required before anything is sent
    await user.click(within(dialog).getByRole("button", { name: /确\s*定/ }));
    expect(await within(dialog).findByText("请填写原因")).toBeInTheDocument();
    expect(onDecline).not.toHaveBeenCalled();

    await user.type(within(dialog).getByLabelText("婉拒原因"), "否");
    await user.click(within(dialog).getByRole("button", { name: /确\s*定/ }));
    expect(await within(dialog).findByText("原因至少 2 个字")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("婉拒原因")).toHaveValue("否");

    await user.type(within(dialog).getByLabelText("婉拒原因"), "，预算不匹配");
    await user.click(within(dialog).getByRole("button", { name: /确\s*定/ }));
    await waitFor(() => expect(onDecline).toHaveBeenLastCalledWith(expect.objectContaining({ match_id: 11 }), "否，预算不匹配"));
  });

  it("offers to apply for demonstration once both sides engaged", async () => {
    const onApply = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<MatchList side="demand" matches={[match({ status: "engaged", demand_engaged: true, provider_engaged: true, next_actions: [{ action: "apply", roles: ["publisher", "provider"] }, { action: "decline", roles: ["publisher", "provider"] }] })]} onEngage={vi.fn()} onDecline={vi.fn()} onApply={onApply} />);
    await user.click(screen.getByRole("button", { name: "申报示范" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText("试点方案"), "在苏州工厂两条产线试点六个月，漏检率降至千分之一以下。");
    await user.click(within(dialog).getByRole("button", { name: /提\s*交/ }));
    await waitFor(() => expect(onApply).toHaveBeenCalledWith(expect.objectContaining({ match_id: 11 }), "在苏州工厂两条产线试点六个月，漏检率降至千分之一以下。"));
  });

  it("shows only the actions the server offers this user", () => {
    // an engaged match whose other side applies: the viewer is offered nothing but the link
    renderWithApp(<MatchList side="provider" matches={[match({ status: "engaged", demand_engaged: true, provider_engaged: true, next_actions: [] })]} onEngage={vi.fn()} onDecline={vi.fn()} onApply={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "确认对接" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "婉 拒" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "申报示范" })).not.toBeInTheDocument();
  });

  it("lets the provider apply when the server offers it to them", () => {
    renderWithApp(<MatchList side="provider" matches={[match({ status: "engaged", demand_engaged: true, provider_engaged: true, next_actions: [{ action: "apply", roles: ["provider"] }] })]} onEngage={vi.fn()} onDecline={vi.fn()} onApply={vi.fn()} />);
    expect(screen.getByRole("button", { name: "申报示范" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "确认对接" })).not.toBeInTheDocument();
  });

  it("says so when there are no candidates", () => {
    renderWithApp(<MatchList side="demand" matches={[]} onEngage={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByText("暂无候选解决方案。")).toBeInTheDocument();
  });
});
