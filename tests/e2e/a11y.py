"""axe-core in the browser: WCAG 2.0/2.1 A and AA rules on every page a test visits (issue 12).

Two ways in:
- `watch(context, found)` audits every page of a browser context by itself: axe is loaded with each
  document, and after each navigation (a load or a client-side route change) it runs once the page
  has settled, reporting serious and critical violations back to Python. The journey's actors are
  watched this way, so a page added to the journey is audited without a call.
- `assert_accessible(page)` audits the page now (axe injected with add_script_tag) and fails at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# a page counts as settled when its DOM has not changed for this long (or it has waited the cap)
QUIET_MS = 700
CAP_MS = 6_000


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        where = "\n      ".join(self.nodes)
        return f"{self.url}: [{self.impact}] {self.rule} — {self.help}\n      {where}"


@dataclass
class Audits:
    """What the watcher found: the pages audited and their blocking violations."""

    pages: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(str(v) for v in self.violations)


def _axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: `cd frontend && npm ci` installs axe-core")
    return AXE_JS.read_text(encoding="utf-8")


# Runs axe and keeps only serious/critical violations, in a shape Python reads. Transitions and
# animations under way (a focus ring or a placeholder fading in) are let finish first, at most a
# second: a colour caught half-way is not the page's colour.
_RUN = """
async (tags) => {
  const finite = document.getAnimations().filter(
    (a) => a.effect && Number.isFinite(a.effect.getComputedTiming().endTime),
  );
  await Promise.race([
    Promise.all(finite.map((a) => a.finished.catch(() => null))),
    new Promise((done) => setTimeout(done, 1000)),
  ]);
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ")),
    }));
}
"""

# In every document of the context: after a load or a route change, wait until the DOM is quiet
# (no spinner, no change for QUIET_MS, or CAP_MS at most), run axe once for that URL, report it.
_WATCHER = """
(() => {
  // the app's own documents only (not about:blank, not frames)
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const tags = __TAGS__;
  const run = __RUN__;
  let audited = null, timer = null, busy = false, since = Date.now(), seenUrl = null;
  const url = () => location.pathname + location.search;
  const schedule = () => {
    if (url() !== seenUrl) { seenUrl = url(); since = Date.now(); }
    if (audited === url()) return;
    clearTimeout(timer);
    const capped = Date.now() - since > __CAP__;
    timer = setTimeout(audit, capped ? 0 : __QUIET__);
  };
  async function audit() {
    const here = url();
    if (busy || audited === here || typeof axe === "undefined" || !document.body) return schedule();
    const loading = document.querySelector(".ant-spin-spinning, .ant-skeleton-active");
    if (loading && Date.now() - since < __CAP__) return schedule();
    busy = true;
    try {
      const found = await run(tags);
      if (url() === here) {
        audited = here;
        await window.__axeReport(here, found);
      }
    } catch (e) {
      await window.__axeReport(here, [{ rule: "axe-error", impact: "critical", help: String(e), nodes: [] }]);
    } finally {
      busy = false;
      if (audited !== url()) schedule();
    }
  }
  new MutationObserver(schedule).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.addEventListener("popstate", schedule);
  schedule();
})();
"""


def watch(context: BrowserContext, audits: Audits) -> None:
    """Audit every page the context's pages visit; violations are collected in `audits`."""

    def report(_source: object, url: str, found: list[dict[str, object]]) -> None:
        audits.pages.append(url)
        for v in found:
            audits.violations.append(
                Violation(
                    url=url,
                    rule=str(v["rule"]),
                    impact=str(v["impact"]),
                    help=str(v["help"]),
                    nodes=[str(n) for n in v["nodes"]],  # type: ignore[attr-defined]
                )
            )

    context.expose_binding("__axeReport", report)
    watcher = (
        _WATCHER.replace("__TAGS__", json.dumps(WCAG_TAGS))
        .replace("__RUN__", _RUN.strip())
        .replace("__QUIET__", str(QUIET_MS))
        .replace("__CAP__", str(CAP_MS))
    )
    context.add_init_script(script=_axe_source() + "\n;" + watcher)


def audit(page: Page) -> list[Violation]:
    """Serious and critical WCAG 2.0/2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, object]] = page.evaluate(_RUN, WCAG_TAGS)
    return [
        Violation(
            url=page.url,
            rule=str(v["rule"]),
            impact=str(v["impact"]),
            help=str(v["help"]),
            nodes=[str(n) for n in v["nodes"]],  # type: ignore[attr-defined]
        )
        for v in found
    ]


def assert_accessible(page: Page) -> None:
    found = audit(page)
    assert not found, "axe: serious or critical violations\n" + "\n".join(str(v) for v in found)
