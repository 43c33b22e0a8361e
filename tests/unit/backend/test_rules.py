"""Plain rules, no database: credit codes, state machines, language, regions."""

from __future__ import annotations

import pytest

from backend.common.taxonomy import city_of
from backend.common.workflow import Role, holds_any
from backend.demands.workflow import DEMAND_WORKFLOW
from backend.errors import AppError, attachment_too_large, request_too_large
from backend.i18n import pick_language
from backend.organizations.uscc import check_character, is_valid_uscc
from backend.review.workflow import APPLICATION_WORKFLOW


@pytest.mark.parametrize(
    "code", ["91350100M000100Y43", "91320500MA1MXXXX0X"[:17] + check_character("91320500MA1MXXXX0")]
)
def test_valid_credit_codes_pass(code: str) -> None:
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y44", "9135010OM000100Y43", "91350100M000100Y4", "", "IIIIIIIIIIIIIIIIII"],
)
def test_wrong_check_digit_letter_or_length_fails(code: str) -> None:
    assert not is_valid_uscc(code)


def test_demand_can_only_be_published_from_submitted() -> None:
    with pytest.raises(AppError) as err:
        DEMAND_WORKFLOW.require("publish", "draft")
    assert err.value.status_code == 409
    assert err.value.extra["current_state"] == "draft"
    assert DEMAND_WORKFLOW.require("publish", "submitted").target == "published"


def test_returned_demand_can_be_resubmitted_but_not_published() -> None:
    assert [t.action for t in DEMAND_WORKFLOW.next_actions("returned")] == ["submit", "close"]


def test_designation_only_follows_the_public_notice() -> None:
    for state in ("submitted", "expert_review", "designated", "rejected"):
        with pytest.raises(AppError):
            APPLICATION_WORKFLOW.require("designate", state)
    assert APPLICATION_WORKFLOW.require("designate", "public_notice").target == "designated"


def test_admin_may_do_what_an_official_may() -> None:
    assert holds_any(["admin"], [Role.OFFICIAL])
    assert not holds_any(["admin"], [Role.EXPERT])
    assert not holds_any(["publisher"], [Role.OFFICIAL])


@pytest.mark.parametrize(
    ("header", "lang"),
    [(None, "zh"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("fr-FR", "zh")],
)
def test_chinese_unless_english_is_preferred(header: str | None, lang: str) -> None:
    assert pick_language(header) == lang


@pytest.mark.parametrize(
    ("region", "city"),
    [
        ("常州", "常州市"),
        ("苏州工业园区", "苏州市"),
        ("江宁高新园", "南京市"),
        ("连云港市", "连云港市"),
    ],
)
def test_regions_roll_up_to_their_city(region: str, city: str) -> None:
    assert city_of(region) == city


def test_size_limits_read_as_people_write_them() -> None:
    assert "上限 20 MB" in attachment_too_large(20 * 1024 * 1024).message_zh
    assert "上限 97.7 KB" in attachment_too_large(100_000).message_zh
    assert "limit 4 MB" in request_too_large(4 * 1024 * 1024).message_en
