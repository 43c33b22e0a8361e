import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { actions, applicationFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { OfficialActions } from "./OfficialActions";

vi.mock("../service", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../service")>()),
  listExperts: vi.fn().mockResolvedValue([]),
}));

const names = () => screen.queryAllByRole("button").map((b) => b.textContent?.replace(/\s+/g, ""));

describe("OfficialActions", () => {
  it("offers 初审 at submission", () => {
    renderWithApp(<OfficialActions application={applicationFixture({ status: "submitted", next_actions: actions("pass", "reject") })} onChange={vi.fn()} />);
    expect(names()).toEqual(["初审通过", "初审不通过"]);
  });

  it("offers 发起公示 only once the server says enough experts have scored", () => {
    const { unmount } = renderWithApp(<OfficialActions application={applicationFixture({ next_actions: actions("assign_experts", "reject") })} onChange={vi.fn()} />);
    expect(names()).toEqual(["指派评审专家", "不予认定"]);
    unmount();
    renderWithApp(<OfficialActions application={applicationFixture({ next_actions: actions("assign_experts", "open_notice", "reject") })} onChange={vi.fn()} />);
    expect(names()).toEqual(["指派评审专家", "发起公示", "不予认定"]);
  });

  it("offers 认定 only after the notice ended without an open objection", () => {
    const { unmount } = renderWithApp(<OfficialActions application={applicationFixture({ status: "public_notice", next_actions: actions("reject") })} onChange={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "认定为应用场景" })).not.toBeInTheDocument();
    unmount();
    renderWithApp(<OfficialActions application={applicationFixture({ status: "public_notice", next_actions: actions("designate", "reject") })} onChange={vi.fn()} />);
    expect(screen.getByRole("button", { name: "认定为应用场景" })).toBeInTheDocument();
  });

  it("shows nothing to a viewer who is offered nothing (an expert, a party, another region)", () => {
    renderWithApp(<OfficialActions application={applicationFixture({ next_actions: actions("score", "declare_conflict") })} onChange={vi.fn()} />);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });
});
