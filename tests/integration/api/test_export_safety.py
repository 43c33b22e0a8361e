"""What people typed never runs as a formula in an export: a published demand whose title, field
and industry start with formula triggers reaches a published 需求清单, and its XLSX and CSV
downloads and the official's dashboard workbook hold quoted text, never a formula cell, while the
numbers stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import Actor, demand_body, register, staff

TITLE = '=HYPERLINK("http://x","点我")'
FIELD = "@SUM(1)"
INDUSTRY = "+1"
LIST_TITLE = "-1 号清单"


def _published_list(client: TestClient, factory: sessionmaker[Session]) -> tuple[Actor, int]:
    publisher = register(client, ["publisher"], org_name="苏州公式测试科技有限公司")
    official = staff(client, factory, "official")
    body = demand_body(title=TITLE, field=FIELD, industry=INDUSTRY, keywords=["-1", "\t=1"])
    d = publisher.post("/api/v1/demands", body)
    assert d.status_code == 201, d.text
    demand_id = d.json()["id"]
    assert publisher.post(f"/api/v1/demands/{demand_id}/submit").status_code == 200
    published = official.post(f"/api/v1/demands/{demand_id}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["title"] == TITLE  # stored as typed; only exports quote it
    made = official.post("/api/v1/demand-lists", {"title": LIST_TITLE, "demand_ids": [demand_id]})
    assert made.status_code == 201, made.text
    list_id = made.json()["id"]
    assert official.post(f"/api/v1/demand-lists/{list_id}/publish").status_code == 200
    return official, list_id


def _cells(sheet: Worksheet) -> list[Any]:
    return [c for row in sheet.iter_rows() for c in row]


def _column(header: list[Any], name: str) -> int:
    return header.index(name)


@BOTH_DATABASES
def test_the_demand_list_workbook_has_no_formula_cells(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _, list_id = _published_list(client, session_factory)
    r = client.get(f"/api/v1/demand-lists/{list_id}/export", params={"format": "xlsx"})
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert [c for c in _cells(sheet) if c.data_type == "f"] == []
    assert sheet.cell(1, 1).value == "'" + LIST_TITLE
    header = [c.value for c in sheet[2]]
    row = [c.value for c in sheet[3]]
    assert row[_column(header, "需求名称")] == "'" + TITLE
    assert row[_column(header, "所属领域")] == "'" + FIELD
    assert row[_column(header, "应用行业")] == "'" + INDUSTRY
    position = sheet.cell(3, _column(header, "序号") + 1)
    budget = sheet.cell(3, _column(header, "预算下限（万元）") + 1)
    assert (position.value, position.data_type) == (1, "n")
    assert (budget.value, budget.data_type) == (80, "n")


@BOTH_DATABASES
def test_the_demand_list_csv_quotes_formula_text(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _, list_id = _published_list(client, session_factory)
    r = client.get(f"/api/v1/demand-lists/{list_id}/export", params={"format": "csv"})
    assert r.status_code == 200
    header, row = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert row[_column(header, "需求名称")] == "'" + TITLE
    assert row[_column(header, "所属领域")] == "'" + FIELD
    assert row[_column(header, "应用行业")] == "'" + INDUSTRY
    assert float(row[_column(header, "预算下限（万元）")]) == 80  # a number, not quoted text
    dangerous = ("=", "+", "-", "@", "\t", "\r", "\n")
    assert [v for v in row if v.lstrip()[:1] in dangerous] == []


@BOTH_DATABASES
def test_the_dashboard_workbook_quotes_names_and_keeps_counts_numeric(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    official, _ = _published_list(client, session_factory)
    r = official.get("/api/v1/dashboard/export")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    for sheet in book.worksheets:
        assert [c.coordinate for c in _cells(sheet) if c.data_type == "f"] == [], sheet.title
    by_field = {row[0].value: row for row in book["按领域"].iter_rows(min_row=2)}
    assert "'" + FIELD in by_field
    counts = by_field["'" + FIELD][1:]
    assert [(c.value, c.data_type) for c in counts[:2]] == [(1, "n"), (1, "n")]
    progress = [c.value for c in book["目标进度"][2]]
    assert progress[0] == "应用场景" and isinstance(progress[2], int)
