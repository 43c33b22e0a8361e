"""`scenariohub import` is bounded and fails cleanly: a zip bomb, an oversized file or one with too
many rows is refused before it is parsed; a file that is not what its name says is refused too;
each refusal is one Chinese line on stderr with exit code 2, never a traceback, and lands nothing.
`scenariohub export` never writes a cell that runs as a formula, and import and export carry the
organization's 统一社会信用代码."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from backend.cli import app
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.interchange import limits
from backend.organizations.models import Organization
from tests.conftest import BOTH_DATABASES
from tests.fixtures.uscc import make_uscc
from tests.integration.cli.conftest import cli_database

runner = CliRunner()

DEMAND: dict[str, object] = {
    "external_id": "L-D-1",
    "organization": "南通港口机械有限公司",
    "title": "集装箱岸桥吊具防摇智能控制",
    "description": "港区 12 台岸桥靠司机经验控制吊具摆动，作业效率受限，希望引入视觉与控制算法"
    "实现自动防摇和精确对位，单箱作业时间缩短 10% 以上。",
    "field": "智能制造",
    "industry": "交通运输",
    "region": "南通",
    "budget_min_wan": 100,
    "budget_max_wan": 300,
    "keywords": ["岸桥", "防摇"],
}


@pytest.fixture
def factory(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> sessionmaker[Session]:
    return cli_database(monkeypatch, database_url, tmp_path, matcher=False)


@pytest.fixture
def openpyxl_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every workbook the import hands to openpyxl."""
    calls: list[Path] = []
    real = openpyxl.load_workbook

    def spy(path: Path, **kw: bool) -> object:
        calls.append(path)
        return real(path, **kw)

    monkeypatch.setattr("backend.interchange.formats.load_workbook", spy)
    return calls


def count(factory: sessionmaker[Session], model: type[object]) -> int:
    with transaction(factory) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[dict[str, object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    columns = list(rows[0])
    ws.append(columns)
    for row in rows:
        ws.append([", ".join(v) if isinstance(v, list) else v for v in row.values()])
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[dict[str, object]], encoding: str = "utf-8-sig") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow(["，".join(v) if isinstance(v, list) else v for v in row.values()])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def many(n: int) -> list[dict[str, object]]:
    return [{**DEMAND, "external_id": f"L-D-{i}"} for i in range(1, n + 1)]


def import_(path: Path, *args: str) -> Result:
    return runner.invoke(app, ["import", str(path), "--kind", "demands", *args])


def assert_refused(result: Result, *fragments: str) -> None:
    """Exit code 2 and exactly one Chinese line on stderr, naming what was wrong."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("导入失败："), result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_a_zip_bomb_is_refused_from_its_headers_before_openpyxl_opens_it(
    factory: sessionmaker[Session], tmp_path: Path, openpyxl_loads: list[Path]
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>'
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(64):
                member.write(row * 16_384)  # 64 x ~1 MB of the same bytes
    assert bomb.stat().st_size < 1024 * 1024
    assert_refused(import_(bomb), "压缩比", "压缩炸弹")
    assert openpyxl_loads == []
    assert count(factory, Demand) == 0


def test_a_workbook_that_unpacks_past_the_limit_is_refused(
    factory: sessionmaker[Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    openpyxl_loads: list[Path],
) -> None:
    monkeypatch.setattr(limits, "DEFAULT_LIMITS", limits.ImportLimits(max_uncompressed_bytes=2**20))
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/image1.bin", os.urandom(2 * 2**20))  # ratio 1: no bomb
    assert_refused(import_(big), "解压后", "1 MB")
    assert openpyxl_loads == []


def test_a_file_over_the_size_limit_is_refused(
    factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "DEFAULT_LIMITS", limits.ImportLimits(max_file_bytes=1000))
    path = write_jsonl(tmp_path / "d.jsonl", many(5))
    assert_refused(import_(path), "文件大小", "上限")
    assert count(factory, Demand) == 0


WRITERS: dict[str, Callable[[Path, list[dict[str, object]]], Path]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "xlsx": write_xlsx,
}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_a_file_with_too_many_rows_is_refused_and_lands_nothing(
    factory: sessionmaker[Session], tmp_path: Path, suffix: str
) -> None:
    path = WRITERS[suffix](tmp_path / f"d.{suffix}", many(4))
    assert_refused(import_(path, "--max-rows", "3"), "3 行")
    assert count(factory, Demand) == 0
    result = import_(path, "--max-rows", "4")
    assert result.exit_code == 0, result.output
    assert count(factory, Demand) == 4


def test_the_row_limit_defaults_to_the_module_constant(
    factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert limits.DEFAULT_LIMITS.max_rows == limits.MAX_ROWS == 50_000
    # the modules that bind the default at import are imported before the patch: imported under
    # it (the CLI imports them lazily), they would keep a 2-row limit for the rest of the worker
    import backend.interchange.formats
    import backend.interchange.service  # noqa: F401

    monkeypatch.setattr(limits, "DEFAULT_LIMITS", limits.ImportLimits(max_rows=2))
    assert_refused(import_(write_csv(tmp_path / "d.csv", many(3))), "2 行")


def _text_as_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "notes.xlsx"
    path.write_text("这只是一个改了扩展名的文本文件\n", encoding="utf-8")
    return path


def _zip_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return path


def _truncated_xlsx(tmp_path: Path) -> Path:
    whole = write_xlsx(tmp_path / "whole.xlsx", many(2)).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _damaged_sheet_xlsx(tmp_path: Path) -> Path:
    src = write_xlsx(tmp_path / "src.xlsx", many(2))
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # a sheet that stops mid-tag
            new.writestr(item, data)
    return path


def _gbk_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "gbk.csv", many(2), encoding="gbk")


def _broken_jsonl(tmp_path: Path) -> Path:
    path = write_jsonl(tmp_path / "d.jsonl", many(2))
    path.write_text(path.read_text(encoding="utf-8") + '\n{"external_id": "L-D-3",', "utf-8")
    return path


def _jsonl_of_a_list(tmp_path: Path) -> Path:
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2, 3]\n", encoding="utf-8")
    return path


def _unsupported(tmp_path: Path) -> Path:
    path = tmp_path / "d.txt"
    path.write_text("随便写点什么", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (_text_as_xlsx, ("不是有效的 XLSX 工作簿",)),
        (_zip_without_workbook, ("不是有效的 XLSX 工作簿",)),
        (_truncated_xlsx, ("不是有效的 XLSX 工作簿",)),
        (_damaged_sheet_xlsx, ("不是有效的 XLSX 工作簿",)),
        (_gbk_csv, ("第 2 行", "UTF-8")),
        (_broken_jsonl, ("第 3 行", "JSON")),
        (_jsonl_of_a_list, ("第 1 行", "JSON 对象")),
        (_unsupported, ("不支持的文件格式 .txt",)),
    ],
)
def test_a_malformed_file_is_one_chinese_line_and_no_traceback(
    factory: sessionmaker[Session],
    tmp_path: Path,
    make: Callable[[Path], Path],
    fragments: tuple[str, ...],
) -> None:
    assert_refused(import_(make(tmp_path)), *fragments)
    assert count(factory, Demand) == 0


FORMULA_TITLE = '=HYPERLINK("http://x","点我")'


@BOTH_DATABASES
def test_the_export_quotes_formula_text_and_reimports_it_as_typed(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    tricky = {**DEMAND, "title": FORMULA_TITLE, "field": "@SUM(1)", "keywords": ["-1", "+1"]}
    src = write_jsonl(tmp_path / "in.jsonl", [tricky])
    assert import_(src).exit_code == 0
    xlsx, csv_path, jsonl = tmp_path / "out.xlsx", tmp_path / "out.csv", tmp_path / "out.jsonl"
    for out in (xlsx, csv_path, jsonl):
        result = runner.invoke(app, ["export", str(out), "--kind", "demands"])
        assert result.exit_code == 0, result.output

    sheet = load_workbook(xlsx).worksheets[0]
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["title"].value == "'" + FORMULA_TITLE
    assert row["field"].value == "'@SUM(1)"
    assert row["keywords"].value == "'-1，+1"
    assert (row["budget_min_wan"].value, row["budget_min_wan"].data_type) == (100, "n")

    header_csv, row_csv = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    by_name = dict(zip(header_csv, row_csv, strict=True))
    assert by_name["title"] == "'" + FORMULA_TITLE
    assert by_name["field"] == "'@SUM(1)"
    assert json.loads(jsonl.read_text("utf-8"))["title"] == FORMULA_TITLE  # not a spreadsheet

    for out in (xlsx, csv_path):
        assert import_(out).exit_code == 0
        with transaction(factory) as session:
            demand = session.scalars(select(Demand)).one()
            assert (demand.title, demand.field) == (FORMULA_TITLE, "@SUM(1)")
            assert demand.keywords == ["-1", "+1"]


def test_an_export_to_an_unknown_format_is_one_chinese_line(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "out.pdf"), "--kind", "demands"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "导出失败：不支持的文件格式 .pdf（支持 .jsonl .csv .xlsx）"
    ]


def _org(factory: sessionmaker[Session], name: str) -> Organization | None:
    with transaction(factory) as session:
        return session.scalar(select(Organization).where(Organization.name == name))


@BOTH_DATABASES
def test_import_creates_the_organization_with_its_credit_code_and_exports_it(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    code = make_uscc("320600")
    row = {k: v for k, v in DEMAND.items() if k != "organization"}
    chinese = {"发布单位": DEMAND["organization"], "统一社会信用代码": f" {code.lower()} "}
    path = write_csv(tmp_path / "d.csv", [{**chinese, **row}])  # Chinese headers, any case
    result = import_(path)
    assert result.exit_code == 0, result.output
    org = _org(factory, str(DEMAND["organization"]))
    assert org is not None and org.uscc == code
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["export", str(out), "--kind", "demands"]).exit_code == 0
    header, exported = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert dict(zip(header, exported, strict=True))["organization_uscc"] == code


@BOTH_DATABASES
def test_a_credit_code_that_contradicts_the_platform_is_a_row_error(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    registered, other = make_uscc("320600"), make_uscc("320600")
    first = write_jsonl(tmp_path / "a.jsonl", [{**DEMAND, "organization_uscc": registered}])
    assert import_(first).exit_code == 0
    rows = [
        {**DEMAND, "external_id": "L-D-2", "organization_uscc": other},
        {**DEMAND, "external_id": "L-D-3", "organization_uscc": "91320600MA0000001Y"},
        {**DEMAND, "external_id": "L-D-4", "organization_uscc": registered},
    ]
    result = import_(write_jsonl(tmp_path / "b.jsonl", rows))
    assert result.exit_code == 1
    assert "第 1 行" in result.output and "不一致" in result.output and other in result.output
    assert "第 2 行" in result.output and "统一社会信用代码无效" in result.output
    assert "新增 1，更新 0，失败 2" in result.output
    with transaction(factory) as session:
        landed = session.scalars(select(Demand.external_id).order_by(Demand.external_id))
        assert list(landed) == ["L-D-1", "L-D-4"]
        assert session.scalar(select(func.count()).select_from(Organization)) == 1


@BOTH_DATABASES
def test_a_code_is_set_on_an_organization_without_one_and_matches_before_the_name(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    assert import_(write_jsonl(tmp_path / "a.jsonl", [DEMAND])).exit_code == 0
    org = _org(factory, str(DEMAND["organization"]))
    assert org is not None and org.uscc is None
    code = make_uscc("320600")
    second = write_jsonl(tmp_path / "b.jsonl", [{**DEMAND, "organization_uscc": code}])
    assert import_(second).exit_code == 0
    org = _org(factory, str(DEMAND["organization"]))
    assert org is not None and org.uscc == code

    renamed = {**DEMAND, "external_id": "L-D-9", "organization": "南通港机（更名后）有限公司"}
    third = write_jsonl(tmp_path / "c.jsonl", [{**renamed, "organization_uscc": code}])
    assert import_(third).exit_code == 0
    assert _org(factory, "南通港机（更名后）有限公司") is None
    with transaction(factory) as session:
        demand = session.scalars(select(Demand).where(Demand.external_id == "L-D-9")).one()
        assert demand.organization_id == org.id
