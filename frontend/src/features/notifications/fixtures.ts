// Builders for notification records in tests, typed by the generated schema.
import type { NotificationPreferences, NotificationRead } from "../../api/types";

export function notificationFixture(overrides: Partial<NotificationRead> = {}): NotificationRead {
  return {
    id: 1,
    kind: "demand_returned",
    title: "需求被退回",
    body: "您的需求「汽车零部件表面缺陷智能视觉检测」被退回，理由：预算区间缺少依据",
    object_type: "demand",
    object_id: 21,
    link: "/workspace/demands/21",
    created_at: "2026-12-07T08:30:00Z",
    read_at: null,
    ...overrides,
  };
}

export function preferencesFixture(overrides: Partial<NotificationPreferences> = {}): NotificationPreferences {
  return {
    email_enabled: true,
    email: "zhang@e2e.cn",
    digest_period: "daily",
    kinds: [
      { kind: "demand_fits", title: "新需求与您的方案匹配", email: "digest", default: "digest" },
      { kind: "demand_returned", title: "需求被退回", email: "immediate", default: "immediate" },
    ],
    ...overrides,
  };
}
