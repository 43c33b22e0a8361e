"""Exported cells never run as formulas (OWASP CSV injection): text that a spreadsheet would read
as a formula gets a leading quote; numbers, dates and booleans stay what they are."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backend.common.xlsx import cell, neutralise_formula, restore_formula_text, workbook

DANGEROUS = [
    '=HYPERLINK("http://x","点我")',
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "=",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_starting_with_a_formula_trigger_gets_a_leading_quote(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["  =1+2", " @SUM(A1)", "\u3000-5", "   +86 512"])
def test_a_trigger_after_leading_whitespace_is_neutralised_too(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["储能电站电池热失控早期预警", "5G+工业互联网", "a=b", "", "   ", "'=already quoted", "TRL-6"],
)
def test_safe_text_is_unchanged(text: str) -> None:
    assert neutralise_formula(text) == text


@pytest.mark.parametrize(
    "value",
    [-5, 0, 3.5, -0.25, Decimal("-12.50"), True, False, None, date(2026, 5, 1)],
)
def test_numbers_dates_and_booleans_are_not_turned_into_text(value: object) -> None:
    assert neutralise_formula(value) is value


def test_the_text_minus_five_is_quoted_but_the_number_is_not() -> None:
    assert cell("-5") == "'-5"
    assert cell(-5) == -5


def test_cell_neutralises_after_dropping_control_characters_and_joining_lists() -> None:
    assert cell("\x01=1") == "'=1"
    assert cell(["=1", "储能"]) == "'=1，储能"
    assert cell(["储能", "=1"]) == "储能，=1"
    assert cell(date(2026, 5, 1)) == date(2026, 5, 1)
    assert cell(date(2026, 5, 1), spreadsheet=False) == "2026-05-01"
    assert cell("=1", spreadsheet=False) == "=1"


def test_restore_undoes_only_the_quote_the_export_added() -> None:
    for text in DANGEROUS:
        assert restore_formula_text(str(neutralise_formula(text))) == text
    assert restore_formula_text("'引号开头的普通文字") == "'引号开头的普通文字"


def test_a_workbook_has_no_formula_cells_and_keeps_numbers_numeric() -> None:
    when = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    row = ["=1+1", -5, Decimal("2.5"), True, date(2026, 6, 30), when]
    data = workbook([("表", [["名称", "数量", "金额", "是否", "截止日期", "时间"], row])])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for r in sheet.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in sheet[2]] == [
        "'=1+1",
        -5,
        2.5,
        True,
        datetime(2026, 6, 30),
        datetime(2026, 5, 1, 17, 30),  # a real date-time, in China's time (Excel has no zones)
    ]
    assert [c.data_type for c in sheet[2]] == ["s", "n", "n", "b", "d", "d"]
    assert [c.number_format for c in sheet[2]][4:] == ["yyyy-mm-dd", "yyyy-mm-dd hh:mm"]
    assert sheet.freeze_panes == "A2"
