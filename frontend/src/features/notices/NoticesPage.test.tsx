import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { NoticeRead } from "../../api/types";
import { renderWithApp } from "../../test/render";
import NoticesPage from ".";
import { exportNotice, publicNotices } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  publicNotices: vi.fn(),
  exportNotice: vi.fn(),
}));

const notices = vi.mocked(publicNotices);
const exported = vi.mocked(exportNotice);

function notice(overrides: Partial<NoticeRead> = {}): NoticeRead {
  return {
    id: 7,
    application_id: 3,
    title: "关于拟认定「储能电站电池热失控早期预警」示范应用场景的公示",
    days: 5,
    starts_at: "2026-12-07T02:00:00Z",
    ends_at: "2026-12-12T02:00:00Z",
    issuing_body: "江苏省科学技术厅",
    document_number: "苏科发〔2026〕12号",
    is_open: true,
    objections: [],
    next_actions: [],
    ...overrides,
  };
}

describe("NoticesPage", () => {
  beforeEach(() => {
    notices.mockReset();
    exported.mockReset();
  });

  it("shows the notice's issuing body and number and downloads its PDF to print", async () => {
    notices.mockResolvedValue([notice({ next_actions: [{ action: "export", roles: [] }] })]);
    exported.mockResolvedValue(undefined);
    renderWithApp(<NoticesPage />, { route: "/notices" });
    expect(await screen.findByText("江苏省科学技术厅")).toBeInTheDocument();
    expect(screen.getByText(/苏科发〔2026〕12号/)).toBeInTheDocument();
    const button = screen.getByRole("button", { name: `打印 / 下载 PDF：${notice().title}` });
    expect(button.closest(".no-print")).not.toBeNull(); // the buttons do not print
    await userEvent.click(button);
    expect(exported).toHaveBeenCalledWith(7, notice().title);
  });

  it("shows the PDF button only when the server offers export", async () => {
    notices.mockResolvedValue([
      notice({ id: 7, next_actions: [{ action: "export", roles: [] }] }),
      notice({ id: 8, title: "关于拟认定「配电终端加密改造」示范应用场景的公示", next_actions: [] }),
    ]);
    renderWithApp(<NoticesPage />, { route: "/notices" });
    expect(await screen.findByRole("button", { name: `打印 / 下载 PDF：${notice().title}` })).toBeInTheDocument();
    expect(screen.getByText("关于拟认定「配电终端加密改造」示范应用场景的公示")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /配电终端加密改造/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /打印 \/ 下载 PDF/ })).toHaveLength(1);
  });

  it("wraps the page for the print stylesheet and leaves out a number the notice has not", async () => {
    notices.mockResolvedValue([notice({ issuing_body: null, document_number: null })]);
    const { container } = renderWithApp(<NoticesPage />, { route: "/notices" });
    await screen.findByText(notice().title);
    expect(container.querySelector(".printable-document")).not.toBeNull();
    expect(screen.queryByText(/文号/)).not.toBeInTheDocument();
  });
});
