import { Select, type SelectProps } from "antd";

/**
 * A Select inside a required Form.Item. The form item hands its control aria-required, which antd
 * puts on the Select's wrapper <div>, where ARIA does not allow it (axe: aria-allowed-attr, critical);
 * the label's required mark and the validation message still say the field is required.
 */
export function RequiredSelect({ "aria-required": _required, ...props }: SelectProps & { "aria-required"?: boolean | "true" | "false" }) {
  return <Select {...props} />;
}
