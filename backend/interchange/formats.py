"""Reading and writing the interchange files: JSONL, CSV and XLSX, Chinese headers accepted.

A file is read within `ImportLimits`, and a file that is too big or damaged is refused as a whole
with an `InterchangeError`; a row whose fields are wrong is reported by its number instead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from backend.common.xlsx import cell, restore_formula_text, workbook
from backend.interchange.errors import InterchangeError
from backend.interchange.limits import (
    DEFAULT_LIMITS,
    NOT_XLSX,
    ImportLimits,
    check_archive,
    check_file_size,
    check_row_count,
)

LIST_FIELDS = frozenset({"keywords", "fields", "industries", "regions_served"})

ALIASES: dict[str, str] = {
    "编号": "external_id",
    "外部编号": "external_id",
    "需求编号": "external_id",
    "方案编号": "external_id",
    "标题": "title",
    "名称": "title",
    "需求名称": "title",
    "方案名称": "title",
    "描述": "description",
    "需求描述": "description",
    "方案简介": "description",
    "简介": "description",
    "领域": "field",
    "所属领域": "field",
    "行业": "industry",
    "应用行业": "industry",
    "地区": "region",
    "所在地区": "region",
    "场景层级": "scenario_tier",
    "预算下限": "budget_min_wan",
    "预算下限（万元）": "budget_min_wan",
    "预算上限": "budget_max_wan",
    "预算上限（万元）": "budget_max_wan",
    "要求成熟度": "trl_required",
    "要求成熟度 TRL": "trl_required",
    "成熟度要求": "trl_required",
    "合作方式": "cooperation_mode",
    "关键词": "keywords",
    "截止日期": "deadline",
    "机构": "organization",
    "单位": "organization",
    "发布单位": "organization",
    "供给单位": "organization",
    "统一社会信用代码": "organization_uscc",
    "信用代码": "organization_uscc",
    "机构统一社会信用代码": "organization_uscc",
    "适用领域": "fields",
    "领域列表": "fields",
    "适用行业": "industries",
    "成熟度": "trl",
    "技术成熟度": "trl",
    "服务区域": "regions_served",
    "报价下限": "price_min_wan",
    "报价下限（万元）": "price_min_wan",
    "报价上限": "price_max_wan",
    "报价上限（万元）": "price_max_wan",
    "知识产权": "ip_summary",
    "应用案例": "references",
    "公开范围": "visibility",
}

# a spreadsheet names a solution's visibility in words
VISIBILITY_WORDS = {"公开": "public", "仅登录用户": "members", "仅登录用户可见": "members"}

_SPLIT = str.maketrans({c: "," for c in "，;；、|/"})
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = (*JSONL_SUFFIXES, ".csv", ".xlsx")


@dataclass(frozen=True)
class Row:
    number: int  # the line or sheet row a person finds it at
    values: dict[str, Any]


Rows = Generator[Row, None, None]


def canonical(header: str, kind: str) -> str:
    key = header.strip()
    name = ALIASES.get(key, key)
    if kind == "solutions" and name == "field":
        return "fields"
    if kind == "solutions" and name == "industry":
        return "industries"
    return name


def _clean(values: dict[str, Any], *, from_spreadsheet: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str):
            if from_spreadsheet:  # what our own export quoted comes back as it was typed
                value = restore_formula_text(value)
            value = value.strip()
            if value == "":
                continue
            if key in LIST_FIELDS:
                value = [v.strip() for v in value.translate(_SPLIT).split(",") if v.strip()]
            elif key == "visibility":
                value = VISIBILITY_WORDS.get(value, value)
        if value is None:
            continue
        out[key] = value
    return out


def _unsupported(suffix: str) -> InterchangeError:
    return InterchangeError(
        "interchange.unsupported_format",
        f"不支持的文件格式 {suffix or '（无扩展名）'}（支持 .jsonl .csv .xlsx）",
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _jsonl_rows(path: Path, kind: str) -> Rows:
    data = path.read_bytes()
    for n, raw in enumerate(data.splitlines(), start=1):
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InterchangeError(
                "interchange.not_utf8", f"第 {n} 行不是 UTF-8 编码的文本"
            ) from exc
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InterchangeError(
                "interchange.bad_json", f"第 {n} 行不是有效的 JSON（第 {exc.colno} 个字符处）"
            ) from exc
        if not isinstance(obj, dict):
            raise InterchangeError("interchange.bad_json", f"第 {n} 行应为一个 JSON 对象")
        yield Row(n, _clean({canonical(str(k), kind): v for k, v in obj.items()}))


def _csv_rows(path: Path, kind: str) -> Rows:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            "interchange.not_utf8",
            f"CSV 文件第 {_line_of(data, exc.start)} 行不是 UTF-8 编码"
            "（在 Excel 中请另存为「CSV UTF-8」）",
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for n, rec in enumerate(reader, start=2):  # the row a spreadsheet shows it at
            values = {canonical(k, kind): v for k, v in rec.items() if isinstance(k, str) and k}
            yield Row(n, _clean(values, from_spreadsheet=True))
    except csv.Error as exc:
        raise InterchangeError(
            "interchange.bad_csv", f"CSV 文件第 {reader.line_num} 行格式错误"
        ) from exc


def _xlsx_rows(path: Path, kind: str) -> Rows:
    # openpyxl raises a zoo of exception types on a damaged workbook; every one means the same
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InterchangeError("interchange.not_xlsx", NOT_XLSX) from exc
    try:
        if not wb.worksheets:
            return
        ws = wb.worksheets[0]
        header = next(ws.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            return
        names = [canonical(str(h), kind) if h is not None else "" for h in header]
        rows = ws.iter_rows(min_row=2, max_col=len(names), values_only=True)
        for n, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            rec = {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}
            yield Row(n, _clean(rec, from_spreadsheet=True))
    except Exception as exc:
        raise InterchangeError("interchange.not_xlsx", NOT_XLSX) from exc
    finally:
        wb.close()


def read_rows(path: Path, kind: str, *, limits: ImportLimits = DEFAULT_LIMITS) -> Iterator[Row]:
    """The file's rows, within `limits`; raises `InterchangeError` for a file refused whole."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _unsupported(suffix)
    check_file_size(path, limits)
    if suffix in JSONL_SUFFIXES:
        rows = _jsonl_rows(path, kind)
    elif suffix == ".csv":
        rows = _csv_rows(path, kind)
    else:
        check_archive(path, limits)  # before openpyxl unpacks anything
        rows = _xlsx_rows(path, kind)
    try:
        for count, row in enumerate(rows, start=1):
            check_row_count(count, limits)
            yield row
    except OSError as exc:
        raise InterchangeError("interchange.unreadable", f"无法读取文件 {path.name}") from exc
    finally:
        rows.close()  # an XLSX reader holds the file open until closed


def check_writable(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise _unsupported(path.suffix.lower())


def write_rows(path: Path, columns: Sequence[str], records: Sequence[dict[str, Any]]) -> None:
    """XLSX and CSV cells are neutralised so no text runs as a formula; JSONL keeps text as is."""
    check_writable(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        lines = []
        for rec in records:
            line = {
                k: (cell(v, spreadsheet=False) if k not in LIST_FIELDS else v)
                for k, v in rec.items()
            }
            lines.append(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        content: bytes = "".join(lines).encode("utf-8")
    elif suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for rec in records:
            writer.writerow([cell(rec.get(c)) for c in columns])
        content = buf.getvalue().encode("utf-8-sig")
    else:
        body = [[rec.get(c) for c in columns] for rec in records]
        content = workbook([("数据", [list(columns), *body])])
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InterchangeError("interchange.unwritable", f"无法写入文件 {path}") from exc
