"""A keyboard-only walk (issue 12, WCAG 2.1.1 and 2.4.7): signing in, writing a demand and scoring
an application with Tab, Shift+Tab, typing, arrow keys, Enter and Space only — no clicks — and
every control reached shows where the focus is (an outline or a focus ring).

Runs on the demo data (seeded into the session's server if test_screens has not done it yet)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import Actor, Server, seed_demo_once

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Demo#2026"
PUBLISHER = "publisher12@demo.cn"
MAX_TABS = 60

# The focused element, or the control around it (antd draws an input's ring on its wrapper and
# a checkbox's on the box next to the hidden input), shows an outline or a box-shadow.
_FOCUS_SHOWN = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has the focus";
  const shows = (e) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== "none");
  };
  let e = el;
  for (let i = 0; i < 6 && e && !e.matches(".ant-card, .ant-layout, form, main"); i++, e = e.parentElement) {
    if (shows(e)) return null;
  }
  const box = el.parentElement && el.parentElement.querySelector(".ant-checkbox-inner, .ant-radio-inner");
  if (box && shows(box)) return null;
  return "no visible focus on <" + el.tagName.toLowerCase() + " " + (el.getAttribute("aria-label") || el.id || el.className) + ">";
}
"""


def assert_focus_visible(page: Page) -> None:
    """antd marks a focused control on its next render: the check holds within a second, or the
    test fails with what has the focus."""
    try:
        page.wait_for_function(f"() => ({_FOCUS_SHOWN.strip()})() === null", timeout=1000)
    except PlaywrightTimeoutError:
        problem = page.evaluate(_FOCUS_SHOWN)
        assert problem is None, f"{problem} @ {page.url}"


def focused(target: Locator) -> bool:
    return bool(
        target.evaluate(
            "el => el === document.activeElement || el.contains(document.activeElement)"
        )
    )


def tab_to(page: Page, target: Locator, *, back: bool = False) -> None:
    """Tab (or Shift+Tab) until the target has the focus, checking the focus is visible at each stop."""
    expect(target).to_be_visible()
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("document.activeElement && document.activeElement !== document.body"):
            assert_focus_visible(page)
        if focused(target):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {target} @ {page.url}")


def choose_with_keys(page: Page, target: Locator, option: str) -> None:
    """A Select by keyboard: focus it, type to filter, arrow down, Enter."""
    tab_to(page, target)
    page.keyboard.type(option)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


@pytest.fixture(scope="module")
def expert_assignment(server: Server) -> tuple[str, int]:
    """The demo (seeded unless already there) and an expert with an application still to score."""
    seed_demo_once(server)
    with sqlite3.connect(server.database) as db:
        row = db.execute(
            "SELECT u.email, a.application_id FROM expert_assignments a"
            " JOIN users u ON u.id = a.expert_id JOIN applications p ON p.id = a.application_id"
            " WHERE a.status = 'assigned' AND p.status = 'expert_review' ORDER BY a.id DESC LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo has no application waiting for an expert's score"
    return str(row[0]), int(row[1])


def sign_in_by_keyboard(page: Page, email: str) -> None:
    page.goto("/login")
    expect(page.get_by_label("电子邮箱")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("电子邮箱"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("密码"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_signing_in_and_writing_a_demand_by_keyboard(
    actors: Callable[..., Actor], expert_assignment: tuple[str, int]
) -> None:
    # the demo's publisher signs in: the fixture seeds the demo when no test has yet
    page = actors("keyboard-publisher").page
    sign_in_by_keyboard(page, PUBLISHER)

    page.goto("/workspace/demands/new")
    title = page.get_by_label("需求名称")
    expect(title).to_be_visible()
    tab_to(page, title)
    page.keyboard.type("键盘操作录入的需求：仓储机器人路径规划")
    page.keyboard.press("Enter")  # Enter in a one-line field does not save and leave
    expect(page).to_have_url(re.compile(r"/workspace/demands/new$"))
    tab_to(page, page.get_by_label(re.compile("^需求描述")))
    page.keyboard.type("多台仓储机器人在窄通道中的协同路径规划与避障。")
    choose_with_keys(page, page.get_by_label("所属领域"), "具身智能")
    choose_with_keys(page, page.get_by_label("应用行业"), "物流")
    choose_with_keys(page, page.get_by_label("所在地区"), "南京市")
    # back up with Shift+Tab to the title: the fields keep what was typed
    tab_to(page, title, back=True)
    expect(title).to_have_value("键盘操作录入的需求：仓储机器人路径规划")
    save = page.get_by_role("button", name=re.compile(r"^保存\s*草稿$"))
    tab_to(page, save)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/workspace/demands/\d+$"))
    expect(page.get_by_role("heading", name=re.compile("仓储机器人路径规划"))).to_be_visible()


def test_an_expert_scores_by_keyboard(
    actors: Callable[..., Actor], expert_assignment: tuple[str, int]
) -> None:
    email, application_id = expert_assignment
    page = actors("keyboard-expert").page
    sign_in_by_keyboard(page, email)

    page.goto(f"/workspace/applications/{application_id}")
    form = page.get_by_role("form", name="评分")
    expect(form).to_be_visible()
    for label, score in (
        ("创新性", 84),
        ("先进性", 78),
        ("可行性", 90),
        ("可复制推广性", 71),
        ("效益", 80),
    ):
        tab_to(page, form.get_by_label(label, exact=True))
        page.keyboard.type(str(score))
    tab_to(page, form.get_by_label("评审意见"))
    page.keyboard.type("路线可行，试点指标需量化。")
    submit = form.get_by_role("button", name=re.compile(r"^提\s*交$"))
    tab_to(page, submit)
    page.keyboard.press("Enter")
    expect(page.get_by_text("已评分").first).to_be_visible()
