import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { NotificationPage } from "../../api/types";
import { renderWithApp } from "../../test/render";
import NotificationsPage from ".";
import { notificationFixture } from "./fixtures";
import { listNotifications, markAllRead, markRead } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  listNotifications: vi.fn(),
  markRead: vi.fn(),
  markAllRead: vi.fn(),
}));

const list = vi.mocked(listNotifications);
const read = vi.mocked(markRead);
const readAll = vi.mocked(markAllRead);

const returned = notificationFixture({ id: 3 });
const engaged = notificationFixture({
  id: 2,
  kind: "match_engaged",
  title: "对方已确认对接",
  body: "苏州精密部件制造有限公司已确认与您对接",
  object_type: "match",
  object_id: 9,
  link: "/workspace/matches/9",
});
const published = notificationFixture({ id: 1, kind: "demand_published", title: "需求已发布", body: "您的需求已发布", read_at: "2026-12-07T08:00:00Z" });

function page(items: NotificationPage["items"], overrides: Partial<NotificationPage> = {}): NotificationPage {
  return { items, total: items.length, page: 1, page_size: 20, unread: items.filter((n) => n.read_at === null).length, ...overrides };
}

function renderPage(route = "/notifications") {
  return renderWithApp(
    <Routes>
      <Route path="/notifications" element={<NotificationsPage />} />
      <Route path="/workspace/matches/:id" element={<p>对接页</p>} />
    </Routes>,
    { route },
  );
}

describe("NotificationsPage", () => {
  beforeEach(() => {
    list.mockReset();
    read.mockReset();
    readAll.mockReset();
  });

  it("lists the inbox newest first as the server sends it, unread ones marked", async () => {
    list.mockResolvedValue(page([returned, engaged, published]));
    renderPage();
    const items = await screen.findAllByTestId(/^notification-\d+$/);
    expect(items.map((i) => i.dataset.testid)).toEqual(["notification-3", "notification-2", "notification-1"]);
    expect(list).toHaveBeenCalledWith({ unread: false, page: 1, page_size: 20 });
    expect(within(items[0]).getByText("未读")).toBeInTheDocument();
    expect(within(items[2]).queryByText("未读")).not.toBeInTheDocument();
    expect(within(items[0]).getByText(/理由：预算区间缺少依据/)).toBeInTheDocument();
    expect(within(items[1]).getByRole("link", { name: "对方已确认对接" })).toHaveAttribute("href", "/workspace/matches/9");
  });

  it("filters to the unread, and says so when there are none", async () => {
    list.mockResolvedValue(page([returned, engaged, published]));
    renderPage();
    await screen.findByTestId("notification-3");
    list.mockResolvedValue(page([], { unread: 0 }));
    await userEvent.click(screen.getByText("未读（2）"));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ unread: true, page: 1, page_size: 20 }));
    expect(await screen.findByText("没有未读通知")).toBeInTheDocument();
  });

  it("marks one read with its button, counting down", async () => {
    list.mockResolvedValue(page([returned, engaged, published]));
    read.mockResolvedValue({ ...returned, read_at: "2026-12-07T09:00:00Z" });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "标为已读：需求被退回" }));
    expect(read).toHaveBeenCalledWith(3);
    await waitFor(() => expect(within(screen.getByTestId("notification-3")).queryByText("未读")).not.toBeInTheDocument());
    expect(screen.getByText("未读（1）")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "标为已读：需求被退回" })).not.toBeInTheDocument();
  });

  it("opening an unread one marks it read and goes to its object", async () => {
    list.mockResolvedValue(page([returned, engaged]));
    read.mockResolvedValue({ ...engaged, read_at: "2026-12-07T09:00:00Z" });
    renderPage();
    await userEvent.click(await screen.findByRole("link", { name: "对方已确认对接" }));
    expect(read).toHaveBeenCalledWith(2);
    expect(await screen.findByText("对接页")).toBeInTheDocument();
  });

  it("marks all read and reads the list again", async () => {
    list.mockResolvedValue(page([returned, engaged, published]));
    readAll.mockResolvedValue({ marked: 2, unread: 0 });
    renderPage();
    await screen.findByTestId("notification-3");
    list.mockResolvedValue(page([{ ...returned, read_at: "2026-12-07T09:00:00Z" }, { ...engaged, read_at: "2026-12-07T09:00:00Z" }, published]));
    await userEvent.click(screen.getByRole("button", { name: "全部标为已读" }));
    expect(readAll).toHaveBeenCalledTimes(1);
    expect(await screen.findByText("已将 2 条通知标为已读")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("未读（2）")).not.toBeInTheDocument());
    expect(screen.getByText("未读（0）")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "全部标为已读" })).toBeDisabled();
  });

  it("pages through a long inbox with ?page=", async () => {
    const many = Array.from({ length: 20 }, (_, i) => notificationFixture({ id: 100 - i, read_at: "2026-12-07T08:00:00Z" }));
    list.mockResolvedValue(page(many, { total: 45, page: 2 }));
    renderPage("/notifications?page=2");
    await screen.findByTestId("notification-100");
    expect(list).toHaveBeenCalledWith({ unread: false, page: 2, page_size: 20 });
    await userEvent.click(screen.getByTitle("3"));
    await waitFor(() => expect(list).toHaveBeenLastCalledWith({ unread: false, page: 3, page_size: 20 }));
  });
});
