import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DemandListRead } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { exportList } from "../service";
import { ListCard } from "./ListCard";

vi.mock("../service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../service")>()),
  exportList: vi.fn(),
}));

const exported = vi.mocked(exportList);

function list(overrides: Partial<DemandListRead> = {}): DemandListRead {
  return {
    id: 4,
    title: "2026年第一批未来产业场景需求清单",
    status: "published",
    region: null,
    published_at: "2026-12-07T02:00:00Z",
    issuing_body: "江苏省科学技术厅",
    document_number: "苏科发〔2026〕13号",
    created_at: "2026-12-06T02:00:00Z",
    version: 1,
    demands: [],
    next_actions: [],
    ...overrides,
  };
}

describe("ListCard", () => {
  beforeEach(() => exported.mockReset());

  it("offers the PDF and the spreadsheets when the server offers export, and downloads the PDF", async () => {
    exported.mockResolvedValue(undefined);
    renderWithApp(<ListCard list={list({ next_actions: [{ action: "export", roles: [] }] })} />);
    const pdf = screen.getByRole("button", { name: `打印 / 下载 PDF：${list().title}` });
    expect(screen.getByRole("button", { name: /XLSX/ })).toBeInTheDocument();
    await userEvent.click(pdf);
    expect(exported).toHaveBeenCalledWith(4, "pdf", list().title);
  });

  it("shows no PDF or download button when the server offers no export", () => {
    renderWithApp(<ListCard list={list({ status: "draft", next_actions: [] })} />);
    expect(screen.getByText(list().title)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /打印 \/ 下载 PDF/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /XLSX|CSV/ })).not.toBeInTheDocument();
  });
});
