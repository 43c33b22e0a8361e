import { act, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Todos, UserRead } from "../../api/types";
import { userFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import ExpertPage from "../expert";
import { listTodos } from "./service";
import { TodoCard } from "./TodoCard";

const auth = vi.hoisted(() => ({ user: null as UserRead | null }));

vi.mock("../auth/AuthContext", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../auth/AuthContext")>();
  return {
    ...mod,
    useAuth: () => ({ user: auth.user, checking: false, login: vi.fn(), logout: vi.fn(), refresh: vi.fn(), hasRole: () => true }),
  };
});
vi.mock("./service", () => ({ listTodos: vi.fn() }));
vi.mock("../applications/service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../applications/service")>()),
  listApplications: vi.fn().mockResolvedValue([]),
}));

const todos = vi.mocked(listTodos);

const expertTodos: Todos = {
  total: 8,
  groups: [
    {
      key: "scores_to_give",
      title: "待评分的申报",
      count: 7,
      link: "/workspace/expert",
      items: [
        { object_type: "application", object_id: 5, title: "汽车零部件表面缺陷智能视觉检测", link: "/workspace/applications/5" },
        { object_type: "application", object_id: 6, title: "储能电站电池热失控早期预警", link: "/workspace/applications/6" },
      ],
    },
    { key: "members_to_approve", title: "待审核的机构成员", count: 1, link: "/workspace/organization", items: [] },
  ],
};

describe("to-dos in the workspaces", () => {
  beforeEach(() => {
    auth.user = userFixture({ roles: ["expert"], is_org_admin: true });
    todos.mockReset();
  });

  it("the expert's workspace shows what waits for a score, with the count and links to each", async () => {
    todos.mockResolvedValue(expertTodos);
    renderWithApp(<ExpertPage />, { route: "/workspace/expert" });
    const card = await screen.findByRole("region", { name: "待办事项" });
    const group = within(card).getByTestId("todo-scores_to_give");
    expect(group).toHaveTextContent("待评分的申报");
    expect(group).toHaveTextContent("7 项");
    expect(within(group).getByRole("link", { name: "汽车零部件表面缺陷智能视觉检测" })).toHaveAttribute("href", "/workspace/applications/5");
    expect(within(group).getByRole("link", { name: "查看全部 7 项" })).toHaveAttribute("href", "/workspace/expert");
    // the organization's to-do belongs to the 机构与成员 page, not here
    expect(within(card).queryByText("待审核的机构成员")).not.toBeInTheDocument();
    expect(card).toHaveTextContent("共 7 项");
  });

  it("shows only the groups the server sends, a zero count too, and no 查看全部 when all are listed", async () => {
    todos.mockResolvedValue({ total: 0, groups: [{ key: "members_to_approve", title: "待审核的机构成员", count: 0, link: "/workspace/organization", items: [] }] });
    renderWithApp(<TodoCard workspace="organization" />);
    const group = await screen.findByTestId("todo-members_to_approve");
    expect(group).toHaveTextContent("0 项");
    expect(within(group).queryByRole("link", { name: /查看全部/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId("todo-precheck")).not.toBeInTheDocument();
  });

  it("draws nothing when the server has no group for this workspace", async () => {
    todos.mockResolvedValue(expertTodos);
    renderWithApp(<TodoCard workspace="official" />);
    await act(async () => {}); // the answer arrives and is drawn
    expect(todos).toHaveBeenCalled();
    expect(screen.queryByTestId("todo-card")).not.toBeInTheDocument();
  });
});
