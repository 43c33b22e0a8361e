"""Spreadsheet output that never chokes on what people typed, and never runs it as a formula."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

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
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # a budget of 300 reads 300, not 300.0
    elif isinstance(value, date) and not isinstance(value, datetime) and spreadsheet:
        pass
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if spreadsheet:
            value = neutralise_formula(value)
    return value


# the time zone of the dates and times a spreadsheet shows (Excel has none)
LOCAL_TIME = ZoneInfo("Asia/Shanghai")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# column widths in characters: a Chinese character is two wide
MIN_WIDTH, MAX_WIDTH = 8, 60


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def _worksheet_value(value: object) -> object:
    """What a worksheet cell holds: a time as a real (local, zone-less) date-time, so that the
    spreadsheet sorts and filters it as one; everything else as `cell` makes it."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_TIME).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return cell(value)


def workbook(
    sheets: Iterable[tuple[str, Sequence[Sequence[object]]]], *, header_row: int = 1
) -> bytes:
    """One sheet per (title, rows); row `header_row` of each is its header, frozen in place while
    the rows scroll. Dates and times are real dates, columns as wide as their text (within
    bounds). No cell is a formula."""
    wb = Workbook()
    first = True
    for title, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        widths: dict[int, int] = {}
        for n, row in enumerate(rows, start=1):
            values = [_worksheet_value(v) for v in row]
            # openpyxl stores text starting with "=" as a formula; after cell() none does
            ws.append(values)
            for i, value in enumerate(values, start=1):
                if n >= header_row:  # a title above the header does not widen its column
                    widths[i] = max(widths.get(i, 0), _display_width(value))
                if isinstance(value, datetime):
                    ws.cell(row=n, column=i).number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    ws.cell(row=n, column=i).number_format = DATE_FORMAT
        for i, width in widths.items():
            ws.column_dimensions[get_column_letter(i)].width = min(
                MAX_WIDTH, max(MIN_WIDTH, width + 2)
            )
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
