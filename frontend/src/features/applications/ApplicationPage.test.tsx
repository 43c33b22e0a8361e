import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ApplicationRead, UserRead } from "../../api/types";
import { actions, applicationFixture, userFixture } from "../../test/fixtures";
import { renderWithApp } from "../../test/render";
import { uploadAttachment } from "../attachments/service";
import ApplicationPage from "./ApplicationPage";
import { declareConflict, scoreApplication } from "./service";

const state = vi.hoisted(() => ({ user: null as UserRead | null, application: null as ApplicationRead | null }));

vi.mock("../auth/AuthContext", async (importOriginal) => {
  const mod = await importOriginal<typeof import("../auth/AuthContext")>();
  return {
    ...mod,
    useAuth: () => ({ user: state.user, checking: false, login: vi.fn(), logout: vi.fn(), refresh: vi.fn(), hasRole: () => false }),
  };
});
vi.mock("./service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./service")>()),
  getApplication: vi.fn(async () => state.application),
  listExperts: vi.fn().mockResolvedValue([]),
  scoreApplication: vi.fn(),
  declareConflict: vi.fn(),
}));
vi.mock("../attachments/service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../attachments/service")>()),
  uploadAttachment: vi.fn(),
}));
// the history has its own request; these tests see only which version of it the page asks for
vi.mock("../../components/AuditTimeline", () => ({
  AuditTimeline: ({ version }: { version: number }) => <span data-testid="history-version">{version}</span>,
}));

const expert = userFixture({ id: 31, display_name: "评审专家1", roles: ["expert"] });
const applicant = userFixture({ id: 7, roles: ["publisher"] });

function open(application: ApplicationRead, user: UserRead) {
  state.application = application;
  state.user = user;
  renderWithApp(
    <Routes>
      <Route path="/workspace/applications/:id" element={<ApplicationPage />} />
    </Routes>,
    { route: `/workspace/applications/${application.id}` },
  );
}

describe("ApplicationPage, sealed review", () => {
  beforeEach(() => {
    state.user = null;
    state.application = null;
  });

  it("gives an assigned expert the rubric and nothing of the other experts", async () => {
    open(
      applicationFixture({
        assignments: [{ expert_id: 31, expert_name: "评审专家1", status: "assigned", conflict_reason: null }],
        next_actions: actions("score", "declare_conflict"),
      }),
      expert,
    );
    expect(await screen.findByRole("form", { name: "评分" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "声明利益冲突" })).toBeInTheDocument();
    expect(screen.getByTestId("application-average")).toHaveTextContent("专家评审中");
    expect(screen.queryByText("评审专家2")).not.toBeInTheDocument();
    expect(screen.queryByText("利益冲突说明")).not.toBeInTheDocument();
    // no table of experts with only the viewer in it: a sentence instead
    expect(screen.getByText("专家评审中。评审专家与评分在评审结束前不公开。")).toBeInTheDocument();
  });

  it("shows an expert their own score once they have scored, without the rubric", async () => {
    open(
      applicationFixture({
        assignments: [{ expert_id: 31, expert_name: "评审专家1", status: "scored", conflict_reason: null }],
        scores: [{ id: 1, expert_id: 31, innovation: 85, advancement: 80, feasibility: 90, replicability: 75, benefit: 88, total: 83.6, comment: "", created_at: "2026-02-02T08:00:00Z" }],
        score_count: 1,
        average_total: 83.6,
        next_actions: [],
      }),
      expert,
    );
    expect(await screen.findByText("已评分")).toBeInTheDocument();
    expect(screen.getByText("您的评分：83.6 分")).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "评分" })).not.toBeInTheDocument();
  });

  it("tells the applicant the review is under way, without names or scores", async () => {
    open(applicationFixture({ status: "expert_review", assignments: [], scores: [], score_count: 0, average_total: null }), applicant);
    expect(await screen.findByTestId("application-average")).toHaveTextContent("专家评审中");
    expect(screen.getByText("专家评审中。评审专家与评分在评审结束前不公开。")).toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: "评审专家" })).not.toBeInTheDocument();
    expect(screen.queryByText(/评审专家\d/)).not.toBeInTheDocument();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("shows the applicant the aggregate score only, after designation", async () => {
    open(applicationFixture({ status: "designated", assignments: [], scores: [], score_count: 3, average_total: 84.27, scenario_id: 4 }), applicant);
    expect(await screen.findByTestId("application-average")).toHaveTextContent("84.3（已评分专家 3）");
    expect(screen.queryByText("专家评审中。评审专家与评分在评审结束前不公开。")).not.toBeInTheDocument();
    expect(screen.queryByText(/评审专家\d/)).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "认定的应用场景" })).toHaveAttribute("href", "/scenarios/4");
  });

  it("gives officials every expert, score and conflict statement", async () => {
    open(
      applicationFixture({
        assignments: [
          { expert_id: 31, expert_name: "评审专家1", status: "scored", conflict_reason: null },
          { expert_id: 32, expert_name: "评审专家2", status: "conflict_declared", conflict_reason: "曾为申报单位提供咨询" },
        ],
        scores: [{ id: 1, expert_id: 31, innovation: 85, advancement: 80, feasibility: 90, replicability: 75, benefit: 88, total: 83.6, comment: "", created_at: "2026-02-02T08:00:00Z" }],
        score_count: 1,
        average_total: 83.6,
        next_actions: actions("assign_experts", "reject"),
      }),
      userFixture({ id: 2, roles: ["official"], region: "苏州市" }),
    );
    expect(await screen.findByRole("cell", { name: "评审专家2" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "曾为申报单位提供咨询" })).toBeInTheDocument();
    expect(screen.getByRole("row", { name: /评审专家2/ })).toHaveTextContent("已回避");
    expect(screen.getByRole("button", { name: "指派评审专家" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "发起公示" })).not.toBeInTheDocument();
  });
});

describe("ApplicationPage, attachments and the history", () => {
  it("asks for the history again after an upload, though the application's version stays", async () => {
    const user = userEvent.setup();
    vi.mocked(uploadAttachment).mockImplementation(() => ({
      done: Promise.resolve({
        id: 44,
        filename: "试点运行数据.pdf",
        size: 900,
        content_type: "application/pdf",
        sha256: "1".repeat(64),
        created_at: "2026-12-07T08:00:00Z",
      }),
      abort: vi.fn(),
    }));
    open(applicationFixture({ status: "submitted", attachments: [], next_actions: actions("edit_attachments") }), applicant);
    const before = (await screen.findByTestId("history-version")).textContent;
    const input = screen.getByTestId("attachments-upload").querySelector<HTMLInputElement>('input[type="file"]');
    await user.upload(input!, new File(["%PDF-1.4"], "试点运行数据.pdf", { type: "application/pdf" }));
    await screen.findByRole("link", { name: "试点运行数据.pdf" });
    expect(screen.getByTestId("history-version").textContent).not.toBe(before);
  });
});

describe("ApplicationPage, the expert's own actions", () => {
  const assigned = () =>
    applicationFixture({
      assignments: [{ expert_id: 31, expert_name: "评审专家1", status: "assigned", conflict_reason: null }],
      next_actions: actions("score", "declare_conflict"),
    });

  it("asks for the history again after a score, though the application's version stays", async () => {
    const user = userEvent.setup();
    open(assigned(), expert);
    const before = (await screen.findByTestId("history-version")).textContent;
    vi.mocked(scoreApplication).mockImplementation(async () => {
      state.application = applicationFixture({
        assignments: [{ expert_id: 31, expert_name: "评审专家1", status: "scored", conflict_reason: null }],
        scores: [{ id: 1, expert_id: 31, innovation: 85, advancement: 80, feasibility: 90, replicability: 75, benefit: 88, total: 83.6, comment: "", created_at: "2026-02-02T08:00:00Z" }],
        next_actions: [],
      });
      return state.application.scores![0]!;
    });
    for (const [label, value] of [["创新性", "85"], ["先进性", "80"], ["可行性", "90"], ["可复制推广性", "75"], ["效益", "88"]] as const) {
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    }
    await user.click(screen.getByRole("button", { name: /提\s*交/ }));
    expect(await screen.findByText("您的评分：83.6 分")).toBeInTheDocument();
    expect(screen.getByTestId("history-version").textContent).not.toBe(before);
  });

  it("tells an expert who declared a conflict that they are recused, not scored, and re-reads the history", async () => {
    const user = userEvent.setup();
    open(assigned(), expert);
    const before = (await screen.findByTestId("history-version")).textContent;
    vi.mocked(declareConflict).mockResolvedValue(
      applicationFixture({
        assignments: [{ expert_id: 31, expert_name: "评审专家1", status: "conflict_declared", conflict_reason: "曾为申报单位提供咨询" }],
        next_actions: [],
      }),
    );
    await user.click(screen.getByRole("button", { name: "声明利益冲突" }));
    await user.type(await screen.findByLabelText("利益冲突说明"), "曾为申报单位提供咨询");
    await user.click(screen.getByRole("button", { name: /确\s*定/ }));
    expect(await screen.findByText("已回避")).toBeInTheDocument();
    expect(screen.queryByText("已评分")).not.toBeInTheDocument();
    expect(screen.queryByText("待评分")).not.toBeInTheDocument();
    expect(screen.getByTestId("history-version").textContent).not.toBe(before);
  });
});
