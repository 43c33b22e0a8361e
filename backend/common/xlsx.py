"""Spreadsheet output that never chokes on what people typed, and never runs it as a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula (TAB, CR
# and LF because spreadsheet programs skip them and then see what follows).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading `'`; anything else is unchanged.

    Only text is touched: a real number -5 stays a number, a date stays a date, while the text
    "-5" someone typed is quoted like any other text that starts with a trigger.
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return QUOTE + value
    return value


def restore_formula_text(value: str) -> str:
    """The inverse for what comes back in: an exported `'=…` imports as the `=…` that was typed."""
    if value.startswith(QUOTE) and neutralise_formula(value[1:]) != value[1:]:
        return value[1:]
    return value


def cell(value: object, *, spreadsheet: bool = True) -> object:
    """Control characters cannot live in a worksheet; lists read as 「甲，乙」; with `spreadsheet`
    (XLSX and CSV) a date stays a date and text that would run as a formula is neutralised.

    Times become ISO text: Excel has no time zones.
    """
    if isinstance(value, list):
        value = "，".join(str(v) for v in value)
    elif isinstance(value, date) and not isinstance(value, datetime) and spreadsheet:
        pass
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if spreadsheet:
            value = neutralise_formula(value)
    return value


def workbook(sheets: Iterable[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """One sheet per (title, rows); the first row of each is its header. No cell is a formula."""
    wb = Workbook()
    first = True
    for title, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            # openpyxl stores text starting with "=" as a formula; after cell() none does
            ws.append([cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
