// A visible string without English fails here (issue 12): the dictionaries, the API's enums, the
// actions and states the backend records, and the main pages rendered in English.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DemandPublic, Taxonomy } from "../api/types";
import { AppRoutes } from "../app/routes";
import { applicationFixture, demandFixture, scenarioFixture, solutionDetailFixture, solutionFixture, userFixture } from "../test/fixtures";
import { renderWithApp, taxonomy } from "../test/render";
import { enUS } from "./en-US";
import { zhCN } from "./zh-CN";

// openapi-fetch keeps the fetch it finds when the client is made: replace it before any import runs
const server = vi.hoisted(() => {
  const state = { handle: (_url: URL): Response => new Response("{}", { status: 404 }) };
  globalThis.fetch = (async (input: RequestInfo | URL) =>
    state.handle(new URL(input instanceof Request ? input.url : String(input), "http://localhost"))) as typeof fetch;
  return state;
});

const ROOT = join(__dirname, "..", "..", "..");
// CJK ideographs, and the full-width punctuation (，。：（）) that only belongs in Chinese text
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
// the language button names the other language in that language; a document number's example is
// what the user types (a Chinese 文号)
const NAMES_THE_OTHER_LANGUAGE = new Set(["lang.switch", "lang.switchName", "document.numberHint"]);

describe("the dictionaries", () => {
  it("have the same keys in Chinese and English", () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("have no Chinese in an English string", () => {
    const chinese = Object.entries(enUS).filter(([key, text]) => !NAMES_THE_OTHER_LANGUAGE.has(key) && CJK.test(text));
    expect(chinese).toEqual([]);
  });

  it("have no empty string and the same {placeholders} in both languages", () => {
    const vars = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(zhCN).filter((key) => {
      const zh = zhCN[key as keyof typeof zhCN];
      const en = enUS[key as keyof typeof enUS];
      return !zh.trim() || !en?.trim() || vars(zh).join() !== vars(en).join();
    });
    expect(differ).toEqual([]);
  });
});

const has = (key: string) => key in zhCN && key in enUS;

describe("every code the API sends has a label in both languages", () => {
  const schemas = (JSON.parse(readFileSync(join(ROOT, "frontend", "openapi.json"), "utf8")) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  }).components.schemas;
  // the API's enums shown as words, and the dictionary prefix each is shown with
  const shown: Record<string, string> = {
    DemandStatus: "demand.status",
    MatchStatus: "match.status",
    ApplicationStatus: "application.status",
    ScenarioStage: "scenario.stage",
    AdvanceTo: "scenario.stage",
    DemandListStatus: "official.list.status",
    MembershipStatus: "membership.status",
    Role: "role",
    OrganizationKind: "auth.org.kind",
  };

  it.each(Object.entries(shown))("%s", (schema, prefix) => {
    const values = schemas[schema]?.enum;
    expect(values, `${schema} is no longer an enum in openapi.json`).toBeDefined();
    expect((values ?? []).filter((v) => !has(`${prefix}.${v}`))).toEqual([]);
  });
});

/** Every .py file under backend/. */
function backendSources(dir = join(ROOT, "backend")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "__pycache__" ? [] : backendSources(path);
    return name.endsWith(".py") ? [readFileSync(path, "utf8")] : [];
  });
}

// How the history timeline (components/AuditTimeline.tsx) names an object's states.
const statePrefix = (objectType: string) => (objectType === "scenario" ? "scenario.stage" : `${objectType}.status`);

describe("the history names every action and state the backend records", () => {
  const sources = backendSources();
  const actions = new Set<string>();
  const states = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/\baction="(\w+)"/g)) actions.add(m[1]);
    // a workflow's transitions: Transition("name", frozenset({...sources}), "target", ...)
    const workflow = /Workflow\(\s*"(\w+)"/.exec(source);
    for (const m of source.matchAll(/Transition\(\s*"(\w+)",\s*(frozenset\(\{[^}]*\}\)|\w+),\s*"(\w+)"/g)) {
      actions.add(m[1]);
      if (workflow) {
        states.add(`${statePrefix(workflow[1])}.${m[3]}`);
        for (const s of m[2].matchAll(/"(\w+)"/g)) states.add(`${statePrefix(workflow[1])}.${s[1]}`);
      }
    }
    // record(..., object_type="x", ..., to_state="y", ...) in one call
    for (const call of source.matchAll(/record\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
      const type = /object_type="(\w+)"/.exec(call[1]);
      const to = /to_state="(\w+)"/.exec(call[1]);
      if (type && to) states.add(`${statePrefix(type[1])}.${to[1]}`);
    }
    // the scenario service records its advances as advance_<stage>
    if (/audit_action=f"advance_\{/.test(source)) {
      actions.add("advance_demonstration");
      actions.add("advance_replicable");
    }
  }

  it("finds the backend's actions (the scan still works)", () => {
    for (const known of ["create", "submit", "publish", "score", "declare_conflict", "import", "edit"]) expect(actions).toContain(known);
    expect(states).toContain("demand.status.draft");
  });

  it("labels every action", () => {
    expect([...actions].filter((a) => !has(`audit.action.${a}`)).sort()).toEqual([]);
  });

  it("labels every state", () => {
    expect([...states].filter((s) => !has(s)).sort()).toEqual([]);
  });
});

// ---- the main pages in English, on fixtures served through fetch ----

const english: Taxonomy["english"] = {
  通用人工智能: "General AI",
  第三代半导体: "Third-generation semiconductors",
  合成生物: "Synthetic biology",
  制造: "Manufacturing",
  医疗健康: "Healthcare",
  交通: "Transport",
  南京市: "Nanjing",
  苏州市: "Suzhou",
  无锡市: "Wuxi",
  早期验证: "Early validation",
  融合应用: "Integrated application",
  典型示范: "Typical demonstration",
  委托开发: "Commissioned development",
  联合研发: "Joint R&D",
};
const englishTaxonomy: Taxonomy = { ...taxonomy, english };
// values the UI must translate: a page showing them in Chinese fails even though they came from the API
const MUST_TRANSLATE = new Set([...Object.keys(english), "企业", "高校", "科研院所", "政府部门", "其他"]);

const user = userFixture({ roles: ["publisher", "provider", "official", "expert"], region: "苏州市" });
const demand = demandFixture({ status: "published", scenario_tier: "典型示范", cooperation_mode: "联合研发", published_at: "2026-01-06T08:00:00Z", next_actions: [] });
const publicDemand: DemandPublic = { ...demand };
const buckets = [
  { name: "通用人工智能", demands: 4, published: 3, scenarios: 1, demonstrations: 0 },
  { name: "合成生物", demands: 2, published: 1, scenarios: 0, demonstrations: 0 },
];
const cities = [{ name: "苏州市", demands: 5, published: 3, scenarios: 1, demonstrations: 1 }];
const progress = { scenarios: 1, scenarios_target: 100, demonstrations: 0, demonstrations_target: 100, replicable: 0 };
const facets = { field: [{ value: "通用人工智能", count: 1 }], industry: [{ value: "制造", count: 1 }], region: [{ value: "苏州市", count: 1 }], scenario_tier: [{ value: "典型示范", count: 1 }] };

const ROUTES: [RegExp, () => unknown][] = [
  [/^\/api\/v1\/auth\/me$/, () => user],
  [/^\/api\/v1\/public\/dashboard$/, () => ({ progress, by_field: buckets, by_city: cities })],
  [
    /^\/api\/v1\/dashboard$/,
    () => ({
      progress,
      by_field: buckets,
      by_city: cities,
      scope_region: "苏州市",
      funnel: [
        { step: "demands", label: "需求征集", count: 6 },
        { step: "published", label: "发布", count: 4 },
        { step: "designated", label: "认定", count: 1 },
      ],
      median_days_to_engagement: 3.5,
      engagements_measured: 2,
    }),
  ],
  [/^\/api\/v1\/public\/demands\/\d+$/, () => publicDemand],
  [/^\/api\/v1\/public\/demands$/, () => ({ items: [publicDemand], total: 1, page: 1, page_size: 20, facets })],
  [/^\/api\/v1\/public\/scenarios\/\d+$/, () => scenarioFixture()],
  [/^\/api\/v1\/public\/scenarios$/, () => [scenarioFixture()]],
  [/^\/api\/v1\/public\/solutions\/\d+$/, () => solutionDetailFixture()],
  [/^\/api\/v1\/public\/solutions$/, () => ({ items: [solutionFixture()], total: 1, page: 1, page_size: 20, facets: {} })],
  [/^\/api\/v1\/public\/notices$/, () => []],
  [/^\/api\/v1\/demands\/\d+$/, () => ({ ...demand, next_actions: [] })],
  [/^\/api\/v1\/demands$/, () => ({ items: [demand], total: 1, page: 1, page_size: 20 })],
  [/^\/api\/v1\/demands\/\d+\/(matches|proposals)$/, () => []],
  [/^\/api\/v1\/demands\/similar$/, () => []],
  [
    /^\/api\/v1\/audit$/,
    () => [
      { id: 1, object_type: "demand", object_id: 21, action: "create", actor_id: 7, actor_name: "张工", from_state: null, to_state: "draft", at: "2026-01-05T08:00:00Z", details: {} },
      { id: 2, object_type: "demand", object_id: 21, action: "edit", actor_id: 7, actor_name: "张工", from_state: "draft", to_state: "draft", at: "2026-01-05T09:00:00Z", details: {} },
      { id: 3, object_type: "demand", object_id: 21, action: "import", actor_id: null, actor_name: null, from_state: null, to_state: "draft", at: "2026-01-05T09:30:00Z", details: {} },
      { id: 4, object_type: "demand", object_id: 21, action: "publish", actor_id: 8, actor_name: "李处", from_state: "submitted", to_state: "published", at: "2026-01-06T08:00:00Z", details: {} },
    ],
  ],
  [/^\/api\/v1\/applications$/, () => [applicationFixture()]],
  [/^\/api\/v1\/(matches|demand-lists|experts)$/, () => []],
  [/^\/api\/v1\/solutions$/, () => ({ items: [], total: 0, page: 1, page_size: 20 })],
  [/^\/api\/v1\/todos$/, () => ({ total: 0, groups: [] })],
  [/^\/api\/v1\/notifications\/unread-count$/, () => ({ unread: 0 })],
  [/^\/api\/v1\/notifications$/, () => ({ items: [], total: 0, page: 1, page_size: 20, unread: 0 })],
];

/** Every string in the API's answers: user data (titles, names, descriptions) the UI shows as given. */
function collect(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (!MUST_TRANSLATE.has(value)) into.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collect(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => collect(v, into));
}

let served: Set<string>;

beforeEach(() => {
  served = new Set();
  localStorage.setItem("scenariohub.lang", "en-US");
  localStorage.setItem("scenariohub.token", "fixture-token");
  server.handle = (url: URL) => {
    const route = ROUTES.find(([pattern]) => pattern.test(url.pathname));
    const body = route ? route[1]() : { detail: { code: "not_found", message: "Not found" } };
    collect(body, served);
    return new Response(JSON.stringify(body), { status: route ? 200 : 404, headers: { "Content-Type": "application/json" } });
  };
});

/** Text and names on the page that are Chinese once the API's (user) strings are taken out. */
function chineseLeft(): string[] {
  const data = [...served].filter((s) => CJK.test(s)).sort((a, b) => b.length - a.length);
  const strip = (text: string) => data.reduce((rest, s) => rest.split(s).join(" "), text);
  const own = new Set([enUS["lang.switch"], enUS["lang.switchName"]]);
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Element) {
      if (node.closest("[hidden], [aria-hidden='true'], script, style")) continue;
      for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
        const v = node.getAttribute(attr);
        if (v && !own.has(v) && CJK.test(strip(v))) found.push(`${attr}="${v}" on <${node.tagName.toLowerCase()}>`);
      }
    } else {
      const text = node.textContent ?? "";
      if (node.parentElement?.closest("[aria-hidden='true'], script, style")) continue;
      if (!own.has(text.trim()) && CJK.test(strip(text))) found.push(`"${text}" in <${node.parentElement?.tagName.toLowerCase()}>`);
    }
  }
  return found;
}

// each page, and English it must show (the taxonomy's names, history labels) so the check is not vacuous
const PAGES: [string, string[]][] = [
  ["/", ["General AI", "Suzhou"]],
  ["/demands", ["General AI", "Manufacturing"]],
  ["/demands/21", ["General AI", "Manufacturing", "Suzhou", "Typical demonstration", "Joint R&D"]],
  ["/scenarios", []],
  ["/scenarios/4", []],
  ["/solutions", ["General AI"]],
  ["/solutions/3", ["General AI", "Suzhou"]],
  ["/notices", []],
  ["/login", []],
  ["/register", []],
  ["/workspace/publisher", ["General AI"]],
  ["/workspace/demands/new", []],
  ["/workspace/demands/21", ["Import", "Edit", "Awaiting check → Published"]],
  ["/workspace/official", []],
  ["/workspace/expert", []],
];

describe("the check itself", () => {
  it("finds Chinese the UI wrote, and a taxonomy value left untranslated, but not the API's own text", () => {
    document.body.innerHTML = "<p>汽车零部件表面缺陷智能视觉检测</p><p>苏州市</p><p>暂无数据</p><button aria-label='关闭'>x</button>";
    served = new Set();
    collect({ title: "汽车零部件表面缺陷智能视觉检测", region: "苏州市" }, served);
    expect(chineseLeft()).toEqual(['"苏州市" in <p>', '"暂无数据" in <p>', 'aria-label="关闭" on <button>']);
    document.body.innerHTML = "";
  });
});

describe("the main pages in English", () => {
  it.each(PAGES)("%s shows no Chinese outside the API's data", async (route, shows) => {
    renderWithApp(<AppRoutes />, { route, vocabulary: englishTaxonomy });
    // settled: signed in (the header names the user), the page's heading shown, nothing loading
    await screen.findByRole("button", { name: user.display_name }, { timeout: 20_000 });
    await waitFor(
      () => {
        expect(document.querySelector("main h1, main h2")).not.toBeNull();
        expect(document.querySelector(".ant-spin-spinning, .ant-skeleton")).toBeNull();
      },
      { timeout: 20_000 },
    );
    expect(chineseLeft()).toEqual([]);
    for (const text of shows) expect(document.body.textContent).toContain(text);
  });
});
