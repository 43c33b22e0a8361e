import type { FormInstance } from "antd";
import { ApiError } from "../api/errors";

/**
 * Put the server's field messages at their fields. Returns the messages that belong to no field
 * of this form (shown above the form), so nothing the server said is lost.
 * `aliases` maps a server field name to a form field path when they differ.
 */
export function applyServerErrors(
  form: FormInstance,
  err: unknown,
  aliases: Record<string, (string | number)[]> = {},
): string[] {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return [];
  const known = new Set(
    form.getFieldsError().map((f) => f.name.join(".")),
  );
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const leftovers: string[] = [];
  for (const fe of err.fieldErrors) {
    const name = aliases[fe.field] ?? fe.field.split(".");
    const key = name.join(".");
    if (!known.has(key)) {
      leftovers.push(fe.message);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  if (first) form.scrollToField(first.name, { block: "center" });
  return leftovers;
}
