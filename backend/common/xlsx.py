"""Spreadsheet output that never chokes on what people typed."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def cell(value: object) -> object:
    """Control characters cannot live in a worksheet; lists read as 「甲，乙」."""
    if isinstance(value, list):
        value = "，".join(str(v) for v in value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def workbook(sheets: Iterable[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """One sheet per (title, rows); the first row of each is its header."""
    wb = Workbook()
    first = True
    for title, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append([cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
