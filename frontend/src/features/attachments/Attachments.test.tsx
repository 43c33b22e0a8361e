import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/errors";
import type { AttachmentRead } from "../../api/types";
import { actions } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import { Attachments } from "./Attachments";
import { deleteAttachment, downloadAttachment, uploadAttachment } from "./service";

vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  uploadAttachment: vi.fn(),
  downloadAttachment: vi.fn().mockResolvedValue(undefined),
  deleteAttachment: vi.fn().mockResolvedValue(undefined),
}));

function attachment(overrides: Partial<AttachmentRead> = {}): AttachmentRead {
  return {
    id: 41,
    filename: "技术方案.pdf",
    size: 2_560,
    content_type: "application/pdf",
    sha256: "0".repeat(64),
    created_at: "2026-02-01T08:00:00Z",
    ...overrides,
  };
}

const UNSUPPORTED = "不支持的文件类型：仅接受 PDF、Office 文档、PNG/JPEG/GIF/WEBP 图片、UTF-8 纯文本和 ZIP 压缩包";

describe("Attachments", () => {
  beforeEach(() => {
    vi.mocked(uploadAttachment).mockReset();
    vi.mocked(deleteAttachment).mockClear();
    vi.mocked(downloadAttachment).mockClear();
  });

  it("lists each file with its size and a download link that goes with the user's token", async () => {
    const user = userEvent.setup();
    const files = [attachment(), attachment({ id: 42, filename: "检测报告.docx", size: 3 * 1024 * 1024 })];
    renderWithApp(<Attachments kind="proposal" parent={{ id: 5, attachments: files, next_actions: [] }} />);
    const pdf = screen.getByRole("link", { name: "技术方案.pdf" });
    expect(pdf).toHaveAttribute("href", "/api/v1/attachments/41");
    expect(screen.getByRole("link", { name: "检测报告.docx" })).toHaveAttribute("href", "/api/v1/attachments/42");
    expect(screen.getByText("2.5 KB")).toBeInTheDocument();
    expect(screen.getByText("3 MB")).toBeInTheDocument();
    await user.click(pdf);
    expect(downloadAttachment).toHaveBeenCalledWith(files[0]);
  });

  it("offers no upload or delete to a reader, and shows nothing when there is nothing to read", () => {
    const { unmount } = renderWithApp(<Attachments kind="demand" parent={{ id: 21, attachments: [attachment()], next_actions: actions("propose") }} />);
    expect(screen.getByRole("link", { name: "技术方案.pdf" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /删除附件/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId("attachments-upload")).not.toBeInTheDocument();
    unmount();
    renderWithApp(<Attachments kind="demand" parent={{ id: 21, attachments: [], next_actions: [] }} />);
    expect(screen.queryByText("附件")).not.toBeInTheDocument();
  });

  it("offers upload and delete when the server offers edit_attachments, and deletes after confirmation", async () => {
    const user = userEvent.setup();
    renderWithApp(<Attachments kind="application" parent={{ id: 5, attachments: [attachment()], next_actions: actions("edit_attachments") }} />);
    expect(screen.getByTestId("attachments-upload")).toBeInTheDocument();
    expect(screen.getByText("点击或将文件拖到此处上传")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "删除附件 技术方案.pdf" }));
    expect(deleteAttachment).not.toHaveBeenCalled();
    await user.click(await screen.findByRole("button", { name: /^确\s*定$/ }));
    await waitFor(() => expect(deleteAttachment).toHaveBeenCalledWith(41));
    await waitFor(() => expect(screen.queryByRole("link", { name: "技术方案.pdf" })).not.toBeInTheDocument());
  });

  it("adds an uploaded file to the list", async () => {
    const user = userEvent.setup();
    vi.mocked(uploadAttachment).mockImplementation((_kind, _id, _file, onProgress) => {
      onProgress(50);
      return { done: Promise.resolve(attachment({ id: 43, filename: "样本.pdf", size: 900 })), abort: vi.fn() };
    });
    renderWithApp(<Attachments kind="proposal" parent={{ id: 5, attachments: [], next_actions: actions("edit_attachments") }} />);
    expect(screen.getByText("暂无附件")).toBeInTheDocument();
    const input = screen.getByTestId("attachments-upload").querySelector<HTMLInputElement>('input[type="file"]');
    expect(input).not.toBeNull();
    await user.upload(input!, new File(["%PDF-1.4"], "样本.pdf", { type: "application/pdf" }));
    expect(await screen.findByRole("link", { name: "样本.pdf" })).toHaveAttribute("href", "/api/v1/attachments/43");
    expect(uploadAttachment).toHaveBeenCalledWith("proposal", 5, expect.any(File), expect.any(Function));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("tells the page after an upload and after a removal (its history has a new entry), not after a refusal", async () => {
    const user = userEvent.setup();
    const changed = vi.fn();
    vi.mocked(uploadAttachment)
      .mockImplementationOnce(() => ({ done: Promise.resolve(attachment({ id: 43, filename: "样本.pdf" })), abort: vi.fn() }))
      .mockImplementationOnce(() => ({
        done: Promise.reject(new ApiError(415, { code: "attachment.unsupported_type", message: UNSUPPORTED })),
        abort: vi.fn(),
      }));
    renderWithApp(<Attachments kind="demand" parent={{ id: 21, attachments: [attachment()], next_actions: actions("edit_attachments") }} onChange={changed} />);
    const input = () => screen.getByTestId("attachments-upload").querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input(), new File(["%PDF-1.4"], "样本.pdf", { type: "application/pdf" }));
    await screen.findByRole("link", { name: "样本.pdf" });
    expect(changed).toHaveBeenCalledTimes(1);
    await user.upload(input(), new File(["MZ"], "setup.exe"));
    await within(screen.getByTestId("attachments-upload")).findByRole("alert");
    expect(changed).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "删除附件 技术方案.pdf" }));
    await user.click(await screen.findByRole("button", { name: /^确\s*定$/ }));
    await waitFor(() => expect(changed).toHaveBeenCalledTimes(2));
  });

  it("shows the server's message at the upload field when it refuses the file type (415)", async () => {
    const user = userEvent.setup();
    vi.mocked(uploadAttachment).mockImplementation(() => ({
      done: Promise.reject(new ApiError(415, { code: "attachment.unsupported_type", message: UNSUPPORTED })),
      abort: vi.fn(),
    }));
    renderWithApp(<Attachments kind="solution" parent={{ id: 3, attachments: [], next_actions: actions("edit_attachments") }} />);
    const field = screen.getByTestId("attachments-upload");
    await user.upload(field.querySelector<HTMLInputElement>('input[type="file"]')!, new File(["MZ"], "setup.exe"));
    const alert = await within(field).findByRole("alert");
    expect(alert).toHaveTextContent(`setup.exe 未能上传：${UNSUPPORTED}`);
    expect(screen.queryByRole("link", { name: "setup.exe" })).not.toBeInTheDocument();
  });
});
