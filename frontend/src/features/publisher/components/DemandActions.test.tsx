import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { actions, demandFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { DemandActions } from "./DemandActions";

const button = (name: RegExp) => screen.queryByRole("button", { name });
const SUBMIT = /^提\s*交$/;
const PUBLISH = /审核通过并发布/;
const RETURN = /退回修改/;
const CLOSE = /关闭需求/;
const DELETE = /删除需求/;

describe("DemandActions", () => {
  it("shows the owner's moves on a draft exactly as offered", () => {
    renderWithApp(<DemandActions demand={demandFixture({ next_actions: actions("edit", "submit", "delete") })} onChange={vi.fn()} />);
    expect(screen.getByRole("link", { name: /编\s*辑/ })).toHaveAttribute("href", "/workspace/demands/21/edit");
    expect(button(SUBMIT)).toBeInTheDocument();
    expect(button(DELETE)).toBeInTheDocument();
    expect(button(PUBLISH)).not.toBeInTheDocument();
    expect(button(RETURN)).not.toBeInTheDocument();
    expect(button(CLOSE)).not.toBeInTheDocument();
  });

  it("shows an official's review moves and nothing of the owner's", () => {
    renderWithApp(<DemandActions demand={demandFixture({ status: "submitted", next_actions: actions("publish", "return") })} onChange={vi.fn()} />);
    expect(button(PUBLISH)).toBeInTheDocument();
    expect(button(RETURN)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /编\s*辑/ })).not.toBeInTheDocument();
    expect(button(SUBMIT)).not.toBeInTheDocument();
    expect(button(DELETE)).not.toBeInTheDocument();
  });

  it("shows no button the server would refuse (e.g. another region's official)", () => {
    renderWithApp(<DemandActions demand={demandFixture({ status: "submitted", next_actions: [] })} onChange={vi.fn()} />);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.queryAllByRole("link")).toHaveLength(0);
  });

  it("offers closing a published demand to its owner", () => {
    renderWithApp(<DemandActions demand={demandFixture({ status: "published", next_actions: actions("close") })} onChange={vi.fn()} />);
    expect(button(CLOSE)).toBeInTheDocument();
    expect(screen.getAllByRole("button")).toHaveLength(1);
  });
});
