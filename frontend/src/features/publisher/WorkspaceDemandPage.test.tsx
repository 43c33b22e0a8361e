import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AttachmentRead, AuditEventRead } from "../../api/types";
import { actions, demandFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import { deleteAttachment, uploadAttachment } from "../attachments/service";
import WorkspaceDemandPage from "./WorkspaceDemandPage";

// the history's own request, answered from what the "server" has recorded so far
const server = vi.hoisted(() => ({ events: [] as AuditEventRead[], historyReads: 0 }));

vi.mock("../../api/client", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../../api/client")>();
  const GET = vi.fn(async (path: string) => {
    if (path !== "/api/v1/audit") throw new Error(`unexpected GET ${path}`);
    server.historyReads += 1;
    return { data: [...server.events], response: new Response(null, { status: 200 }) };
  });
  return { ...mod, api: { ...mod.api, GET } };
});
vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getDemand: vi.fn(async () => demandFixture({ attachments: [attached], next_actions: actions("edit_attachments") })),
}));
vi.mock("../attachments/service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../attachments/service")>()),
  uploadAttachment: vi.fn(),
  deleteAttachment: vi.fn(),
}));

const attached: AttachmentRead = {
  id: 41,
  filename: "技术需求说明书.pdf",
  size: 2_560,
  content_type: "application/pdf",
  sha256: "0".repeat(64),
  created_at: "2026-12-07T08:00:00Z",
};

function event(id: number, action: string): AuditEventRead {
  return {
    id,
    object_type: "demand",
    object_id: 21,
    action,
    actor_id: 7,
    actor_name: "张工",
    from_state: null,
    to_state: null,
    at: "2026-12-07T08:00:00Z",
    details: {},
  };
}

function open() {
  renderWithApp(
    <Routes>
      <Route path="/workspace/demands/:id" element={<WorkspaceDemandPage />} />
    </Routes>,
    { route: "/workspace/demands/21" },
  );
}

const history = () => screen.getByText("操作记录").closest(".ant-card") as HTMLElement;

describe("WorkspaceDemandPage, attachments and the history", () => {
  beforeEach(() => {
    server.events = [event(1, "create")];
    server.historyReads = 0;
  });

  it("shows an upload in the history without reloading the page", async () => {
    const user = userEvent.setup();
    vi.mocked(uploadAttachment).mockImplementation(() => {
      server.events = [...server.events, event(2, "attach")]; // the server records the upload
      return { done: Promise.resolve({ ...attached, id: 42, filename: "现场照片.png" }), abort: vi.fn() };
    });
    open();
    await screen.findByText("操作记录");
    expect(await within(history()).findByText("创建")).toBeInTheDocument();
    expect(within(history()).queryByText("上传附件")).not.toBeInTheDocument();

    const input = screen.getByTestId("attachments-upload").querySelector<HTMLInputElement>('input[type="file"]');
    await user.upload(input!, new File(["\x89PNG"], "现场照片.png", { type: "image/png" }));
    expect(await screen.findByRole("link", { name: "现场照片.png" })).toBeInTheDocument();
    expect(await within(history()).findByText("上传附件")).toBeInTheDocument();
    expect(server.historyReads).toBe(2);
  });

  it("shows a removal in the history", async () => {
    const user = userEvent.setup();
    vi.mocked(deleteAttachment).mockImplementation(async () => {
      server.events = [...server.events, event(3, "detach")];
    });
    open();
    await user.click(await screen.findByRole("button", { name: "删除附件 技术需求说明书.pdf" }));
    await user.click(await screen.findByRole("button", { name: /^确\s*定$/ }));
    await waitFor(() => expect(deleteAttachment).toHaveBeenCalledWith(41));
    expect(await within(history()).findByText("删除附件")).toBeInTheDocument();
  });
});
