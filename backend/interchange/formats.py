"""Reading and writing the interchange files: JSONL, CSV and XLSX, Chinese headers accepted."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from backend.common.xlsx import cell, workbook

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
}

_SPLIT = str.maketrans({c: "," for c in "，;；、|/"})


@dataclass(frozen=True)
class Row:
    number: int  # the line or sheet row a person finds it at
    values: dict[str, Any]


def canonical(header: str, kind: str) -> str:
    key = header.strip()
    name = ALIASES.get(key, key)
    if kind == "solutions" and name == "field":
        return "fields"
    if kind == "solutions" and name == "industry":
        return "industries"
    return name


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if key in LIST_FIELDS:
                value = [v.strip() for v in value.translate(_SPLIT).split(",") if v.strip()]
        if value is None:
            continue
        out[key] = value
    return out


def read_rows(path: Path, kind: str) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Row(n, {"__error__": f"JSON 格式错误：{exc.msg}"})
                    continue
                if not isinstance(obj, dict):
                    yield Row(n, {"__error__": "每行应为一个 JSON 对象"})
                    continue
                yield Row(n, _clean({canonical(k, kind): v for k, v in obj.items()}))
    elif suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for n, rec in enumerate(reader, start=2):
                yield Row(n, _clean({canonical(k, kind): v for k, v in rec.items() if k}))
    elif suffix == ".xlsx":
        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        names = [canonical(str(h), kind) if h is not None else "" for h in header]
        for n, values in enumerate(rows, start=2):
            if all(v is None for v in values):
                continue
            rec = {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}
            yield Row(n, _clean(rec))
        wb.close()
    else:
        raise ValueError(f"不支持的文件格式 {suffix}（支持 .jsonl .csv .xlsx）")


def write_rows(path: Path, columns: Sequence[str], records: Sequence[dict[str, Any]]) -> None:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open("w", encoding="utf-8") as fh:
            for rec in records:
                line = {k: (cell(v) if k not in LIST_FIELDS else v) for k, v in rec.items()}
                fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    elif suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for rec in records:
            writer.writerow([cell(rec.get(c)) for c in columns])
        path.write_text(buf.getvalue(), encoding="utf-8-sig")
    elif suffix == ".xlsx":
        body = [[rec.get(c) for c in columns] for rec in records]
        path.write_bytes(workbook([("数据", [list(columns), *body])]))
    else:
        raise ValueError(f"不支持的文件格式 {suffix}（支持 .jsonl .csv .xlsx）")
