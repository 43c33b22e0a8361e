import { fireEvent, screen } from "@testing-library/react";
import { Form } from "antd";
import { describe, expect, it, vi } from "vitest";
import type { Role } from "../../../api/types";
import { renderWithApp } from "../../../test/render";
import { RoleCheckboxes } from "./RoleCheckboxes";

const OPTIONS: { value: Role; label: string }[] = [
  { value: "publisher", label: "出题" },
  { value: "provider", label: "答题" },
];

function RolesForm({ onRoles }: { onRoles: (roles: Role[]) => void }) {
  return (
    <Form initialValues={{ roles: ["publisher"] }} onValuesChange={(_, all: { roles: Role[] }) => onRoles(all.roles)}>
      <Form.Item name="roles" label="角色">
        <RoleCheckboxes options={OPTIONS} />
      </Form.Item>
    </Form>
  );
}

describe("RoleCheckboxes", () => {
  it("switching from 出题 to 答题 leaves 答题 alone, each box showing the form's value at once", () => {
    const onRoles = vi.fn();
    renderWithApp(<RolesForm onRoles={onRoles} />);
    expect(screen.getByLabelText("出题")).toBeChecked();
    fireEvent.click(screen.getByLabelText("出题"));
    expect(screen.getByLabelText("出题")).not.toBeChecked();
    fireEvent.click(screen.getByLabelText("答题"));
    expect(screen.getByLabelText("答题")).toBeChecked();
    expect(screen.getByLabelText("出题")).not.toBeChecked();
    expect(onRoles).toHaveBeenLastCalledWith(["provider"]);
  });

  it("keeps the options' order whatever order they are ticked in", () => {
    const onRoles = vi.fn();
    renderWithApp(<RolesForm onRoles={onRoles} />);
    fireEvent.click(screen.getByLabelText("出题"));
    fireEvent.click(screen.getByLabelText("答题"));
    fireEvent.click(screen.getByLabelText("出题"));
    expect(onRoles).toHaveBeenLastCalledWith(["publisher", "provider"]);
  });
});
