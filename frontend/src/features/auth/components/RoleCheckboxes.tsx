import { Checkbox } from "antd";
import type { HTMLAttributes } from "react";
import type { Role } from "../../../api/types";

interface Props extends Omit<HTMLAttributes<HTMLDivElement>, "onChange"> {
  options: { value: Role; label: string }[];
  value?: Role[];
  onChange?: (value: Role[]) => void;
}

/**
 * The roles to sign up with, as a form control. Each box takes its state from the form's value in
 * the same render. antd's Checkbox.Group copies a controlled value into state of its own one
 * effect later: until then the box just clicked springs back, and a second click toggles from
 * the old list, undoing the first (uncheck 出题, check 答题 → both).
 */
// aria-required is not allowed on a group (the form says so in its message instead)
export function RoleCheckboxes({ options, value = [], onChange, "aria-required": _required, ...rest }: Props) {
  const toggle = (role: Role, on: boolean) => {
    onChange?.(options.map((o) => o.value).filter((r) => (r === role ? on : value.includes(r))));
  };
  return (
    <div {...rest} className="ant-checkbox-group" role="group">
      {options.map((o) => (
        <Checkbox key={o.value} checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)}>
          {o.label}
        </Checkbox>
      ))}
    </div>
  );
}
