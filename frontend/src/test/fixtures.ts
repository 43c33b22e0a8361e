// Builders for API records in tests, typed by the generated schema (so a renamed field fails tsc).
import type { ApplicationRead, DemandRead, MemberRead, NextAction, ScenarioRead, UserRead } from "../api/types";

/** `next_actions` as the server sends them: the actions this user may take now. */
export function actions(...names: string[]): NextAction[] {
  return names.map((action) => ({ action, roles: [] }));
}

export function userFixture(overrides: Partial<UserRead> = {}): UserRead {
  return {
    id: 7,
    email: "zhang@e2e.cn",
    display_name: "张工",
    roles: ["publisher"],
    region: null,
    organization: { id: 3, name: "苏州精密部件制造有限公司", uscc: "91320500MA1XYP0010", kind: "企业", region: "苏州市", version: 1, next_actions: [] },
    membership: "active",
    is_org_admin: false,
    ...overrides,
  };
}

export function demandFixture(overrides: Partial<DemandRead> = {}): DemandRead {
  return {
    id: 21,
    external_id: null,
    title: "汽车零部件表面缺陷智能视觉检测",
    description: "冲压与压铸零部件表面划伤、气孔、裂纹依赖人工目检。",
    field: "通用人工智能",
    industry: "制造",
    region: "苏州市",
    scenario_tier: null,
    budget_min_wan: 100,
    budget_max_wan: 300,
    trl_required: 6,
    cooperation_mode: null,
    keywords: ["缺陷检测"],
    deadline: null,
    status: "draft",
    published_at: null,
    organization: { id: 3, name: "苏州精密部件制造有限公司", kind: "企业", region: "苏州市" },
    owner_id: 7,
    return_reason: null,
    submitted_at: null,
    created_at: "2026-01-05T08:00:00Z",
    updated_at: "2026-01-05T08:00:00Z",
    version: 1,
    next_actions: [],
    ...overrides,
  };
}

export function applicationFixture(overrides: Partial<ApplicationRead> = {}): ApplicationRead {
  return {
    id: 5,
    match_id: 11,
    applicant_id: 7,
    pilot_plan: "在苏州工厂两条产线试点六个月。",
    status: "expert_review",
    preliminary_comment: null,
    reject_reason: null,
    created_at: "2026-02-01T08:00:00Z",
    updated_at: "2026-02-01T08:00:00Z",
    version: 2,
    match: null,
    assignments: [],
    scores: [],
    score_count: 0,
    average_total: null,
    notice: null,
    scenario_id: null,
    next_actions: [],
    ...overrides,
  };
}

export function scenarioFixture(overrides: Partial<ScenarioRead> = {}): ScenarioRead {
  return {
    id: 4,
    application_id: 5,
    demand_id: 21,
    solution_id: 3,
    title: "汽车零部件表面缺陷智能视觉检测",
    field: "通用人工智能",
    region: "苏州市",
    city: "苏州市",
    stage: "piloting",
    outcomes: null,
    adopters: [],
    designated_at: "2026-03-01T08:00:00Z",
    demonstration_at: null,
    replicable_at: null,
    publisher: null,
    provider: null,
    demand_title: "汽车零部件表面缺陷智能视觉检测",
    solution_title: null,
    version: 1,
    next_actions: [],
    ...overrides,
  };
}

export function memberFixture(overrides: Partial<MemberRead> = {}): MemberRead {
  return {
    user_id: 8,
    email: "wang@e2e.cn",
    display_name: "王工",
    roles: ["publisher"],
    membership: "pending",
    is_org_admin: false,
    created_at: "2026-02-01T08:00:00Z",
    next_actions: [],
    ...overrides,
  };
}
