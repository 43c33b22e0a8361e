import { Tag } from "antd";
import { useI18n } from "../locales";

export type StatusKind = "demand" | "match" | "application" | "scenario.stage" | "objection" | "official.list" | "expert.assignment" | "membership";

const COLORS: Record<string, string> = {
  draft: "default",
  submitted: "processing",
  published: "success",
  returned: "warning",
  closed: "default",
  expired: "default",
  proposed: "processing",
  engaged: "success",
  declined: "default",
  applied: "purple",
  expert_review: "processing",
  public_notice: "gold",
  designated: "success",
  rejected: "error",
  piloting: "blue",
  demonstration: "green",
  replicable: "purple",
  open: "processing",
  upheld: "error",
  dismissed: "default",
  assigned: "processing",
  scored: "success",
  conflict_declared: "default",
  pending: "warning",
  active: "success",
  removed: "default",
};

export function StatusTag({ kind, status }: { kind: StatusKind; status: string }) {
  const { label } = useI18n();
  const prefix = kind.includes(".") ? kind : `${kind}.status`;
  return (
    <Tag color={COLORS[status] ?? "default"} data-status={status}>
      {label(prefix, status)}
    </Tag>
  );
}
