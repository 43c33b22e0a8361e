import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { NotificationRead, UserRead } from "../../../api/types";
import { userFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { countUnread, listNotifications, markRead } from "../service";
import { notificationFixture } from "../fixtures";
import { NotificationBell } from "./NotificationBell";

const auth = vi.hoisted(() => ({ user: null as UserRead | null }));

vi.mock("../../auth/AuthContext", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../auth/AuthContext")>();
  return {
    ...mod,
    useAuth: () => ({ user: auth.user, checking: false, login: vi.fn(), logout: vi.fn(), refresh: vi.fn(), hasRole: () => true }),
  };
});

vi.mock("../service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../service")>()),
  countUnread: vi.fn(),
  listNotifications: vi.fn(),
  markRead: vi.fn(),
}));

const count = vi.mocked(countUnread);
const list = vi.mocked(listNotifications);
const read = vi.mocked(markRead);

const proposal = notificationFixture({
  id: 12,
  kind: "proposal_received",
  title: "收到新的揭榜方案",
  body: "您的需求「汽车零部件表面缺陷智能视觉检测」收到南京智视科技有限公司的揭榜方案",
  object_type: "proposal",
  object_id: 4,
  link: "/workspace/demands/21",
});
const published = notificationFixture({ id: 11, kind: "demand_published", title: "需求已发布", read_at: "2026-12-07T08:00:00Z" });

function renderBell() {
  return renderWithApp(
    <>
      <NotificationBell />
      <Routes>
        <Route path="/" element={<p>首页内容</p>} />
        <Route path="/workspace/demands/:id" element={<p>工作台需求页</p>} />
        <Route path="/notifications" element={<p>通知页</p>} />
      </Routes>
    </>,
  );
}

describe("NotificationBell", () => {
  beforeEach(() => {
    auth.user = userFixture();
    count.mockReset();
    list.mockReset();
    read.mockReset();
  });

  it("names the unread count for screen readers and shows it on the badge", async () => {
    count.mockResolvedValue({ unread: 3 });
    renderBell();
    const bell = await screen.findByRole("button", { name: "通知，3 条未读" });
    expect(bell).toHaveTextContent("3");
    expect(count).toHaveBeenCalledTimes(1); // sign-in and the first page share one request
  });

  it("is not there for an anonymous visitor, who is never asked about", () => {
    auth.user = null;
    renderBell();
    expect(screen.queryByTestId("notification-bell")).not.toBeInTheDocument();
    expect(count).not.toHaveBeenCalled();
  });

  it("opens the latest few; opening an unread one marks it read, counts down and goes to its object", async () => {
    count.mockResolvedValue({ unread: 2 });
    list.mockResolvedValue({ items: [proposal, published], total: 2, page: 1, page_size: 5, unread: 2 });
    read.mockResolvedValue({ ...proposal, read_at: "2026-12-07T09:00:00Z" });
    renderBell();
    await userEvent.click(await screen.findByRole("button", { name: "通知，2 条未读" }));
    expect(list).toHaveBeenCalledWith({ unread: false, page: 1, page_size: 5 });
    const item = await screen.findByRole("menuitem", { name: /收到新的揭榜方案/ });
    expect(item).toHaveTextContent("未读");
    expect(item).toHaveTextContent("南京智视科技有限公司");
    expect(screen.getByRole("menuitem", { name: /需求已发布/ })).not.toHaveTextContent("未读");
    expect(screen.getByRole("menuitem", { name: "查看全部通知" })).toBeInTheDocument();

    await userEvent.click(item);
    expect(read).toHaveBeenCalledWith(12);
    expect(await screen.findByText("工作台需求页")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("notification-bell")).toHaveAccessibleName("通知，1 条未读"));
  });

  it("opening one already read does not mark it again; 查看全部通知 opens the page", async () => {
    count.mockResolvedValue({ unread: 0 });
    list.mockResolvedValue({ items: [published], total: 1, page: 1, page_size: 5, unread: 0 });
    renderBell();
    await userEvent.click(await screen.findByRole("button", { name: "通知，没有未读" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "查看全部通知" }));
    expect(await screen.findByText("通知页")).toBeInTheDocument();
    expect(read).not.toHaveBeenCalled();
  });

  it("says so when there is nothing yet", async () => {
    count.mockResolvedValue({ unread: 0 });
    list.mockResolvedValue({ items: [] as NotificationRead[], total: 0, page: 1, page_size: 5, unread: 0 });
    renderBell();
    await userEvent.click(await screen.findByRole("button", { name: "通知，没有未读" }));
    expect(await screen.findByText("暂无通知")).toBeInTheDocument();
  });
});
