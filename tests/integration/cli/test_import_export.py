"""`scenariohub import` / `export`: JSONL, CSV and XLSX, Chinese headers, upsert by external_id,
bad rows reported by number while good rows land, --strict lands nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backend.cli import app
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.indexing.models import OutboxEntry
from backend.organizations.models import Organization
from backend.solutions.models import Solution
from tests.integration.cli.conftest import cli_database

runner = CliRunner()

DEMAND = {
    "external_id": "T-D-1",
    "organization": "盐城风电运维有限公司",
    "title": "海上风机叶片缺陷无人机巡检",
    "description": "近海风场 120 台机组叶片靠人工吊篮检查，效率低且受海况限制，希望用无人机自动巡检并识别裂纹、砂眼和前缘腐蚀。",
    "field": "通用人工智能",
    "industry": "能源",
    "region": "盐城",
    "scenario_tier": "融合应用",
    "budget_min_wan": 50,
    "budget_max_wan": 150,
    "trl_required": 6,
    "cooperation_mode": "技术服务",
    "keywords": ["无人机", "叶片", "缺陷识别"],
}


@pytest.fixture
def factory(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> sessionmaker[Session]:
    return cli_database(monkeypatch, database_url, tmp_path, matcher=False)


def count(factory: sessionmaker[Session], model: type[object]) -> int:
    with transaction(factory) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_reimport_updates_by_external_id_and_never_duplicates(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [DEMAND])
    first = runner.invoke(app, ["import", str(path), "--kind", "demands", "--publish"])
    assert first.exit_code == 0, first.output
    write_jsonl(path, [{**DEMAND, "title": "海上风机叶片缺陷无人机自动巡检（修订）"}])
    second = runner.invoke(app, ["import", str(path), "--kind", "demands"])
    assert second.exit_code == 0, second.output
    assert "新增 0，更新 1" in second.output
    with transaction(factory) as session:
        demands = list(session.scalars(select(Demand)))
        assert [d.title for d in demands] == ["海上风机叶片缺陷无人机自动巡检（修订）"]
        assert demands[0].status == "published"
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 2
    assert count(factory, Organization) == 1


def test_bad_rows_are_reported_by_number_and_good_rows_land(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [
        DEMAND,
        {**DEMAND, "external_id": "T-D-2", "trl_required": 15},
        {**DEMAND, "external_id": "T-D-3"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    result = runner.invoke(app, ["import", str(path), "--kind", "demands"])
    assert result.exit_code == 1
    assert "第 2 行" in result.output and "trl_required" in result.output
    assert count(factory, Demand) == 2


def test_strict_lands_nothing_when_a_row_is_bad(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = [DEMAND, {**DEMAND, "external_id": "T-D-2", "title": ""}]
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    result = runner.invoke(app, ["import", str(path), "--kind", "demands", "--strict"])
    assert result.exit_code == 1
    assert "未导入任何数据" in result.output
    assert count(factory, Demand) == 0
    assert count(factory, Organization) == 0


def test_csv_with_chinese_headers(factory: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "solutions.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "方案编号",
                "单位",
                "方案名称",
                "方案简介",
                "所属领域",
                "适用行业",
                "技术成熟度",
                "服务区域",
                "关键词",
                "公开范围",
            ]
        )
        w.writerow(
            [
                "T-S-1",
                "南京智巡科技有限公司",
                "风机叶片无人机智能巡检系统",
                "多旋翼无人机按航线自动拍摄叶片，深度学习模型识别裂纹、雷击与腐蚀，单台 15 分钟。",
                "通用人工智能、无人驾驶",
                "能源",
                "7",
                "江苏省",
                "无人机；缺陷检测",
                "公开",
            ]
        )
    result = runner.invoke(app, ["import", str(path), "--kind", "solutions"])
    assert result.exit_code == 0, result.output
    with transaction(factory) as session:
        solution = session.scalars(select(Solution)).one()
        assert solution.fields == ["通用人工智能", "无人驾驶"]
        assert solution.keywords == ["无人机", "缺陷检测"]
        assert solution.trl == 7
        assert solution.visibility == "public"  # 公开范围「公开」: in the public catalogue


def test_xlsx_import_and_every_export_format_round_trips(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "需求编号",
            "发布单位",
            "需求名称",
            "需求描述",
            "所属领域",
            "应用行业",
            "所在地区",
            "关键词",
        ]
    )
    ws.append(
        [
            DEMAND["external_id"],
            DEMAND["organization"],
            DEMAND["title"],
            DEMAND["description"],
            DEMAND["field"],
            DEMAND["industry"],
            DEMAND["region"],
            "无人机，叶片",
        ]
    )
    src = tmp_path / "in.xlsx"
    wb.save(src)
    assert runner.invoke(app, ["import", str(src), "--kind", "demands"]).exit_code == 0
    for suffix in ("jsonl", "csv", "xlsx"):
        out = tmp_path / f"out.{suffix}"
        result = runner.invoke(app, ["export", str(out), "--kind", "demands"])
        assert result.exit_code == 0, result.output
        assert runner.invoke(app, ["import", str(out), "--kind", "demands"]).exit_code == 0
    assert count(factory, Demand) == 1
    book = load_workbook(tmp_path / "out.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["external_id", "organization", "organization_uscc"]
    assert sheet.cell(2, header.index("title") + 1).value == DEMAND["title"]
