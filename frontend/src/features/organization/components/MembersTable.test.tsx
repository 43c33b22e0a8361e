import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { actions, memberFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { MembersTable } from "./MembersTable";

const members = [
  memberFixture({ user_id: 8, display_name: "王工", membership: "pending", next_actions: actions("approve", "remove") }),
  memberFixture({ user_id: 7, display_name: "张工", membership: "active", is_org_admin: true, next_actions: [] }),
  memberFixture({ user_id: 9, display_name: "赵工", membership: "active", next_actions: actions("remove") }),
  memberFixture({ user_id: 10, display_name: "钱工", membership: "removed", next_actions: [] }),
];

function row(name: string): HTMLElement {
  const cell = screen.getByRole("cell", { name: new RegExp(name) });
  const tr = cell.closest("tr");
  if (!(tr instanceof HTMLElement)) throw new Error("no row");
  return tr;
}

describe("MembersTable", () => {
  it("tags each member's state and offers 通过 / 移除 from their next_actions", () => {
    renderWithApp(<MembersTable members={members} onApprove={vi.fn()} onRemove={vi.fn()} />);
    expect(within(row("王工")).getByText("待审核")).toBeInTheDocument();
    expect(within(row("王工")).getByRole("button", { name: "通过 王工" })).toBeInTheDocument();
    expect(within(row("王工")).getByRole("button", { name: "移除 王工" })).toBeInTheDocument();
    // the administrator (the last one) cannot be removed: nothing offered
    expect(within(row("张工")).getByText("已加入")).toBeInTheDocument();
    expect(within(row("张工")).getByText("管理员")).toBeInTheDocument();
    expect(within(row("张工")).queryByRole("button")).not.toBeInTheDocument();
    expect(within(row("赵工")).queryByRole("button", { name: /通过/ })).not.toBeInTheDocument();
    expect(within(row("赵工")).getByRole("button", { name: "移除 赵工" })).toBeInTheDocument();
    expect(within(row("钱工")).getByText("已移除")).toBeInTheDocument();
    expect(within(row("钱工")).queryByRole("button")).not.toBeInTheDocument();
  });

  it("approves at once", async () => {
    const onApprove = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<MembersTable members={members} onApprove={onApprove} onRemove={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "通过 王工" }));
    await waitFor(() => expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ user_id: 8 })));
  });

  it("asks before removing", async () => {
    const onRemove = vi.fn().mockResolvedValue(undefined);
    const user = userEvent.setup();
    renderWithApp(<MembersTable members={members} onApprove={vi.fn()} onRemove={onRemove} />);
    await user.click(screen.getByRole("button", { name: "移除 赵工" }));
    expect(onRemove).not.toHaveBeenCalled();
    const popover = await screen.findByRole("tooltip");
    expect(within(popover).getByText(/确定将“赵工”移出本机构/)).toBeInTheDocument();
    await user.click(within(popover).getByRole("button", { name: /确\s*定/ }));
    await waitFor(() => expect(onRemove).toHaveBeenCalledWith(expect.objectContaining({ user_id: 9 })));
  });
});
