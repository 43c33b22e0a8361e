"""Notification texts and unsubscribe tokens: plain functions, no database."""

from __future__ import annotations

import pytest

from backend.auth.security import read_token
from backend.notifications import kinds, mail

SECRET = "s" * 48


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_kind_reads_in_both_languages_even_with_no_params(kind: str) -> None:
    for lang in ("zh", "en"):
        assert kinds.title(kind, lang)
        assert kinds.body(kind, {}, lang)  # a missing parameter never raises
    assert kinds.title(kind, "zh") != kinds.title(kind, "en")
    assert kinds.KINDS[kind].default_email in kinds.EMAIL_CHOICES


def test_a_reason_and_an_explanation_follow_the_text_in_the_readers_language() -> None:
    params = {
        "demand_title": "储能预警",
        "reason": "缺少量化指标",
        "score": 0.834,
        "solution_title": "气体监测",
        "explanation": "领域一致",
        "explanation_en": "Same field",
    }
    zh = kinds.body("demand_fits", params, "zh")
    assert "「储能预警」" in zh and "匹配度 83%" in zh and zh.endswith("匹配说明：领域一致")
    assert "理由：缺少量化指标" in zh
    en = kinds.body("demand_fits", params, "en")
    assert "score 83%" in en and en.endswith("Why it fits: Same field")
    assert "领域一致" not in en


def test_objection_outcomes_and_scenario_stages_are_named() -> None:
    upheld = kinds.body("objection_resolved", {"demand_title": "x", "upheld": True}, "zh")
    assert "异议成立" in upheld
    dismissed = kinds.body("objection_resolved", {"demand_title": "x", "upheld": False}, "en")
    assert "dismissed" in dismissed
    assert "可复制推广" in kinds.body("scenario_advanced", {"stage": "replicable"}, "zh")


def test_links_point_at_the_objects_pages() -> None:
    assert kinds.link("demand", 3, {}) == "/workspace/demands/3"
    assert kinds.link("proposal", 9, {"demand_id": 3}) == "/workspace/demands/3"
    assert kinds.link("notice", 2, {}) == "/notices"
    assert kinds.link("scenario", 5, {}) == "/scenarios/5"


def test_an_unsubscribe_token_names_its_user_and_kind_and_opens_nothing_else() -> None:
    token = mail.unsubscribe_token(user_id=7, kind="demand_returned", secret=SECRET)
    assert mail.read_unsubscribe(token, SECRET) == (7, "demand_returned")
    assert mail.read_unsubscribe(token, "t" * 48) is None
    assert mail.read_unsubscribe(token[:-2], SECRET) is None
    assert read_token(token, SECRET) is None  # never a login token
