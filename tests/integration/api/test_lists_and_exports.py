"""需求清单 and the official's exports: lists are compiled from published demands, published for
the public, and downloaded as XLSX or CSV with Chinese headers; the dashboard exports too."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.db.session import transaction
from backend.indexing.models import OutboxEntry
from tests.fixtures.api import demand_body, register, staff


def test_a_demand_list_is_compiled_published_and_downloaded(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"], org_name="泰州海陵电力设备有限公司")
    official = staff(client, session_factory, "official")
    ids = []
    for title in ("储能电站电池热失控早期预警", "配电终端量子安全加密改造"):
        d = publisher.post("/api/v1/demands", demand_body(title=title)).json()
        publisher.post(f"/api/v1/demands/{d['id']}/submit")
        official.post(f"/api/v1/demands/{d['id']}/publish")
        ids.append(d["id"])
    draft = publisher.post("/api/v1/demands", demand_body(title="还在草稿里的需求")).json()
    refused = official.post(
        "/api/v1/demand-lists", {"title": "2026年第一批", "demand_ids": [*ids, draft["id"]]}
    )
    assert refused.status_code == 422 and "未发布" in refused.json()["errors"][0]["message"]

    made = official.post("/api/v1/demand-lists", {"title": "2026年第一批", "demand_ids": ids})
    assert made.status_code == 201
    list_id = made.json()["id"]
    assert client.get("/api/v1/public/demand-lists").json() == []
    assert client.get(f"/api/v1/demand-lists/{list_id}/export").status_code == 404
    official.post(f"/api/v1/demand-lists/{list_id}/publish")
    public = client.get("/api/v1/public/demand-lists").json()
    assert [d["title"] for d in public[0]["demands"]] == [
        "储能电站电池热失控早期预警",
        "配电终端量子安全加密改造",
    ]
    assert official.post(f"/api/v1/demand-lists/{list_id}/publish").status_code == 409

    xlsx = client.get(f"/api/v1/demand-lists/{list_id}/export", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.cell(1, 1).value == "2026年第一批"
    assert (
        sheet.cell(2, 3).value == "需求名称"
        and sheet.cell(3, 3).value == "储能电站电池热失控早期预警"
    )
    # a spreadsheet people can read: the header stays in view, columns fit their Chinese text,
    # the deadline is a date, budgets are numbers
    assert sheet.freeze_panes == "A3"
    header = {c.value: c.column_letter for c in sheet[2]}
    assert sheet.column_dimensions[header["需求名称"]].width >= 2 * len(
        "储能电站电池热失控早期预警"
    )
    assert sheet.column_dimensions[header["序号"]].width < 12
    deadline = sheet[f"{header['截止日期']}3"]
    assert deadline.is_date and deadline.number_format == "yyyy-mm-dd"
    assert isinstance(sheet[f"{header['预算上限（万元）']}3"].value, int | float)
    text = client.get(
        f"/api/v1/demand-lists/{list_id}/export", params={"format": "csv"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert (
        rows[0][:3] == ["序号", "需求编号", "需求名称"] and rows[2][2] == "配电终端量子安全加密改造"
    )
    assert rows[1][3] == "泰州海陵电力设备有限公司"
    budgets = [r[rows[0].index("预算上限（万元）")] for r in rows[1:]]
    assert budgets == ["250", "250"]  # not 250.0


def test_the_dashboard_exports_as_a_workbook(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    official = staff(client, session_factory, "official")
    r = official.get("/api/v1/dashboard/export")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["目标进度", "转化漏斗", "按领域", "按城市"]
    assert [c.value for c in book["目标进度"][2]] == ["应用场景", 0, 100]
    assert all(ws.freeze_panes == "A2" for ws in book.worksheets)


def test_every_write_the_index_must_see_leaves_an_outbox_row_and_no_other_does(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    publisher = register(client, ["publisher"])
    official = staff(client, session_factory, "official")
    d = publisher.post("/api/v1/demands", demand_body()).json()
    publisher.patch(f"/api/v1/demands/{d['id']}", {"trl_required": 5})
    publisher.post(f"/api/v1/demands/{d['id']}/submit")

    def rows() -> list[tuple[str, int, object]]:
        with transaction(session_factory) as session:
            found = session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))
            return [(r.object_type, r.object_id, r.processed_at) for r in found]

    assert rows() == []  # a demand never published is not in the index: nothing to tell it
    assert official.post(f"/api/v1/demands/{d['id']}/publish").status_code == 200
    assert publisher.post(f"/api/v1/demands/{d['id']}/close").status_code == 200
    assert rows() == [("demand", d["id"], None)] * 2  # in, and out again
