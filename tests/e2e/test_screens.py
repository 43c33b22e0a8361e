"""The main pages on the demo data: a phone (390 px) shows a table's actions and the first search
result without scrolling sideways or down; the demand form neither saves on Enter nor loses edits
on a reload; and screenshots of every main page in Chinese and English, on a desktop and on a
phone, go to test-artifacts/screens/ (kept in git, issue 12).

The demo is seeded into the session's server: run after test_journey.py (the file order), whose
counts assume an otherwise empty platform."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, Actor, Server, seed_demo_once
from tests.e2e.test_journey import choose

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Demo#2026"
PHONE = (390, 844)
DESKTOP = (1366, 768)
SCREENS = ARTIFACTS / "screens"
# the running server indexes the seeded catalogue in the background before search finds it
INDEXED_MS = 180_000


@dataclass(frozen=True)
class Demo:
    demand_id: int
    scenario_id: int
    solution_id: int
    application_id: int  # in 专家评审, with an expert who has not scored yet
    expert: str
    publisher: str = "publisher12@demo.cn"
    official: str = "official@demo.cn"


@pytest.fixture(scope="module")
def demo(server: Server) -> Demo:
    """The demo in the test server's database (`seed_demo_once`) and the objects the screens show."""
    seed_demo_once(server)
    with sqlite3.connect(server.database) as db:

        def one(sql: str) -> tuple[int | str, ...]:
            row = db.execute(sql).fetchone()
            assert row is not None, f"the demo has nothing for: {sql}"
            return tuple(row)

        (demand_id,) = one("SELECT id FROM demands WHERE status = 'published' ORDER BY id LIMIT 1")
        (scenario_id,) = one("SELECT id FROM scenarios ORDER BY id LIMIT 1")
        (solution_id,) = one(
            "SELECT id FROM solutions WHERE visibility = 'public' ORDER BY id LIMIT 1"
        )
        application_id, expert = one(
            "SELECT a.application_id, u.email FROM expert_assignments a"
            " JOIN users u ON u.id = a.expert_id JOIN applications p ON p.id = a.application_id"
            " WHERE a.status = 'assigned' AND p.status = 'expert_review' ORDER BY a.id LIMIT 1"
        )
    return Demo(
        demand_id=int(demand_id),
        scenario_id=int(scenario_id),
        solution_id=int(solution_id),
        application_id=int(application_id),
        expert=str(expert),
    )


def sign_in(actor: Actor, email: str) -> None:
    page = actor.page
    page.goto("/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile(r"^登\s*录$")).click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def loaded(page: Page) -> None:
    """Every part of the page has its data: no loading placeholder left (AsyncView marks them)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator('[aria-busy="true"]')).to_have_count(0)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0], f"the page is {width} px wide on a {PHONE[0]} px screen"


def fixed_actions_in_view(page: Page) -> None:
    """The rows' action buttons (the column held at the right edge) lie inside the screen."""
    buttons = page.locator("tr.ant-table-row td.ant-table-cell-fix-right button")
    expect(buttons.first).to_be_visible()
    for i in range(min(buttons.count(), 6)):
        box = buttons.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], (
            f"action button {i} spans {box['x']:.0f}–{box['x'] + box['width']:.0f} px"
        )


def test_a_phone_shows_table_actions_and_the_first_result(
    server: Server, actors: Callable[..., Actor], demo: Demo
) -> None:
    official = actors("phone-official", *PHONE)
    sign_in(official, demo.official)
    page = official.page
    # 形式审核: 审核通过并发布 / 退回 without scrolling sideways
    page.goto("/workspace/official?tab=precheck")
    loaded(page)
    expect(page.get_by_role("button", name="审核通过并发布").first).to_be_visible()
    fixed_actions_in_view(page)
    no_sideways_scroll(page)
    # designated scenarios: 推进场景
    page.goto("/workspace/official?tab=scenarios")
    loaded(page)
    fixed_actions_in_view(page)
    no_sideways_scroll(page)

    visitor = actors("phone-visitor", *PHONE)
    page = visitor.page
    page.goto("/demands")
    first = page.locator("main article").first.get_by_role("link").first
    expect(first).to_be_visible(timeout=INDEXED_MS)
    # the filters wait behind a button; the first result is on the first screen
    expect(page.get_by_label("所属领域", exact=True)).to_have_count(0)
    filters = page.get_by_role("button", name=re.compile(r"筛\s*选"))
    expect(filters).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE[1], (
        f"the first result ends at {box and box['y'] + box['height']:.0f} px, below the first screen"
    )
    no_sideways_scroll(page)
    filters.click()
    expect(page.get_by_role("dialog").get_by_label("所属领域", exact=True)).to_be_visible()


def test_the_demand_form_neither_saves_on_enter_nor_loses_edits_on_reload(
    server: Server, actors: Callable[..., Actor], demo: Demo
) -> None:
    title = "港口岸桥远程操控低时延专网"
    publisher = actors("form-publisher")
    sign_in(publisher, demo.publisher)
    page = publisher.page
    page.goto("/workspace/demands/new")
    # everything a save needs is filled in, so an Enter that submitted would save and leave
    page.get_by_label("需求名称").fill(title)
    page.get_by_label(re.compile("^需求描述")).fill(
        "岸桥司机在 40 米高空作业，希望改为中控室远程操控，端到端时延低于 20 毫秒。"
    )
    choose(page, "所属领域", "未来网络")
    choose(page, "应用行业", "交通")
    choose(page, "所在地区", "连云港市")
    budget = page.get_by_label("预算下限（万元）")
    budget.fill("200")
    budget.press("Enter")
    page.get_by_label("需求名称").press("Enter")
    # Enter in the description is a new line, not a save
    page.get_by_label(re.compile("^需求描述")).press("End")
    page.get_by_label(re.compile("^需求描述")).press("Enter")
    page.keyboard.type("第二行")
    expect(page.get_by_label(re.compile("^需求描述"))).to_have_value(re.compile("\n第二行$"))

    page.reload()
    expect(page).to_have_url(re.compile(r"/workspace/demands/new$"))
    expect(page.get_by_role("status").filter(has_text="已恢复未保存的修改")).to_be_visible()
    expect(page.get_by_label("需求名称")).to_have_value(title)
    expect(page.get_by_label("预算下限（万元）")).to_have_value("200")
    with sqlite3.connect(server.database) as db:
        (saved,) = db.execute("SELECT count(*) FROM demands WHERE title = ?", (title,)).fetchone()
    assert saved == 0, "Enter saved the demand"

    # the explicit button saves; the copy is gone afterwards
    page.get_by_role("button", name="保存草稿").click()
    expect(page).to_have_url(re.compile(r"/workspace/demands/\d+$"))
    page.goto("/workspace/demands/new")
    expect(page.get_by_label("需求名称")).to_have_value("")
    expect(page.get_by_text("已恢复未保存的修改")).to_have_count(0)


def pages(demo: Demo) -> dict[str, list[tuple[str, str]]]:
    """Who sees which main page: (file name, address)."""
    return {
        "visitor": [
            ("home", "/"),
            ("demand-search", "/demands"),
            ("demand", f"/demands/{demo.demand_id}"),
            ("scenario-catalogue", "/scenarios"),
            ("scenario", f"/scenarios/{demo.scenario_id}"),
            ("solution-catalogue", "/solutions"),
            ("solution", f"/solutions/{demo.solution_id}"),
        ],
        demo.publisher: [
            ("publisher-workspace", "/workspace/publisher"),
            ("notifications", "/notifications"),
        ],
        demo.official: [
            ("official-review-board", "/workspace/official?tab=review"),
            ("official-dashboard", "/workspace/official?tab=dashboard"),
        ],
        demo.expert: [("expert-scoring", f"/workspace/applications/{demo.application_id}")],
    }


@pytest.mark.parametrize(("device", "size"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_the_main_pages(
    server: Server,
    actors: Callable[..., Actor],
    demo: Demo,
    device: str,
    size: tuple[int, int],
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for who, visits in pages(demo).items():
        actor = actors(f"{device}-{who.split('@')[0]}", *size)
        page = actor.page
        if who == "visitor":
            page.goto("/")
        else:
            sign_in(actor, who)
        for lang in ("zh-CN", "en-US"):
            page.evaluate(f"localStorage.setItem('scenariohub.lang', '{lang}')")
            for name, address in visits:
                page.goto(address)
                expect(page.locator("html")).to_have_attribute("lang", lang)
                if name in ("demand-search", "solution-catalogue"):
                    # the catalogue is indexed in the background after seeding
                    expect(page.locator("main article").first).to_be_visible(timeout=INDEXED_MS)
                loaded(page)
                shot = SCREENS / f"{name}-{lang}-{device}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000, f"{shot.name} is nearly empty"
