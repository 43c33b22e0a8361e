import dayjs, { type Dayjs } from "dayjs";
import type { CooperationMode, DemandCreate, DemandRead, ScenarioTier } from "../../../api/types";

/** What the form holds (the deadline as a date object); converted to the API body on save. */
export interface DemandFormValues {
  title: string;
  description: string;
  field?: string;
  industry?: string;
  region?: string;
  scenario_tier?: ScenarioTier | null;
  budget_min_wan?: number | null;
  budget_max_wan?: number | null;
  trl_required?: number | null;
  cooperation_mode?: CooperationMode | null;
  keywords?: string[];
  deadline?: Dayjs | null;
}

export function toBody(v: DemandFormValues): DemandCreate {
  return {
    title: (v.title ?? "").trim(),
    description: (v.description ?? "").trim(),
    field: v.field ?? "",
    industry: v.industry ?? "",
    region: v.region ?? "",
    scenario_tier: v.scenario_tier ?? null,
    budget_min_wan: v.budget_min_wan ?? null,
    budget_max_wan: v.budget_max_wan ?? null,
    trl_required: v.trl_required ?? null,
    cooperation_mode: v.cooperation_mode ?? null,
    keywords: v.keywords ?? [],
    deadline: v.deadline ? v.deadline.format("YYYY-MM-DD") : null,
  };
}

export function fromDemand(d: DemandCreate | DemandRead): DemandFormValues {
  return {
    title: d.title,
    description: d.description,
    field: d.field || undefined,
    industry: d.industry || undefined,
    region: d.region || undefined,
    scenario_tier: (d.scenario_tier as ScenarioTier | null) ?? null,
    budget_min_wan: d.budget_min_wan,
    budget_max_wan: d.budget_max_wan,
    trl_required: d.trl_required,
    cooperation_mode: (d.cooperation_mode as CooperationMode | null) ?? null,
    keywords: d.keywords ?? [],
    deadline: d.deadline ? dayjs(d.deadline) : null,
  };
}
