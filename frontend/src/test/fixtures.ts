// Builders for API records in tests, typed by the generated schema (so a renamed field fails tsc).
import type { ApplicationRead, DemandRead, MemberRead, NextAction, ScenarioRead, SolutionDetail, SolutionPublic, UserRead } from "../api/types";

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

export function solutionFixture(overrides: Partial<SolutionPublic> = {}): SolutionPublic {
  return {
    id: 3,
    title: "小样本工业视觉缺陷检测平台",
    description: "基于小样本深度学习的表面缺陷检测，支持划伤、气孔、裂纹，已在三家汽车零部件企业产线部署。",
    fields: ["通用人工智能"],
    industries: ["制造"],
    trl: 7,
    regions_served: ["苏州市", "南京市"],
    price_min_wan: 80,
    price_max_wan: 260,
    keywords: ["缺陷检测", "机器视觉"],
    ip_summary: "发明专利 3 项",
    references: "苏州某汽车零部件企业冲压线，漏检率降至千分之一以下。",
    visibility: "public",
    organization: { id: 9, name: "南京智视科技有限公司", kind: "企业", region: "南京市" },
    created_at: "2026-01-05T08:00:00Z",
    updated_at: "2026-01-20T08:00:00Z",
    ...overrides,
  };
}

export function solutionDetailFixture(overrides: Partial<SolutionDetail> = {}): SolutionDetail {
  return { ...solutionFixture(), answered_demands: [], scenarios: [], attachments: [], next_actions: [], ...overrides };
}
