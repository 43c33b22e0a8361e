import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { actions, scenarioFixture } from "../../../test/fixtures";
import { renderWithApp } from "../../../test/render";
import { AdvanceButton } from "./AdvanceButton";

describe("AdvanceButton", () => {
  it("advances to the stage the server offers", () => {
    renderWithApp(<AdvanceButton scenario={scenarioFixture({ next_actions: actions("demonstration") })} onDone={vi.fn()} />);
    expect(screen.getByRole("button", { name: /推进场景 → 示范/ })).toBeInTheDocument();
  });

  it("offers 可复制推广 from demonstration", () => {
    renderWithApp(<AdvanceButton scenario={scenarioFixture({ stage: "demonstration", next_actions: actions("replicable") })} onDone={vi.fn()} />);
    expect(screen.getByRole("button", { name: /推进场景 → 可复制推广/ })).toBeInTheDocument();
  });

  it("shows nothing outside the official's region, even in a stage that could advance", () => {
    renderWithApp(<AdvanceButton scenario={scenarioFixture({ stage: "piloting", next_actions: [] })} onDone={vi.fn()} />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
