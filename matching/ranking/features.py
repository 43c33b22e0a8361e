"""Structured fit of one demand and one solution: field, industry, region, maturity, budget.

Every feature is in [0, 1]; 0.5 means "not stated", so a missing field neither helps nor hurts.
Each feature also says, in words, why it has its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from matching.types import DemandDoc, SolutionDoc

UNKNOWN = 0.5
# fewer days than this before a demand's deadline leave little time to prepare an answer
DEADLINE_SOON_DAYS = 14
# regions_served values that cover every city of Jiangsu
WHOLE_PROVINCE = (
    "全国",
    "江苏",
    "江苏省",
    "江苏全省",
    "长三角",
    "全省",
    "nationwide",
    "china",
    "jiangsu",
)
_WHOLE_PROVINCE = re.compile("|".join(re.escape(w) for w in WHOLE_PROVINCE))


@dataclass(frozen=True)
class Note:
    zh: str
    en: str
    good: bool


@dataclass(frozen=True)
class FitFeatures:
    values: dict[str, float]
    notes: list[Note] = field(default_factory=list)


def _bigrams(label: str) -> set[str]:
    label = label.strip().lower()
    return {label[i : i + 2] for i in range(len(label) - 1)} or {label}


def label_similarity(a: str, bs: Iterable[str]) -> float:
    """1.0 for the same label; otherwise the best Dice overlap of character bigrams."""
    return _label_similarity(a, tuple(bs))


@lru_cache(maxsize=65_536)
def _label_similarity(a: str, bs: tuple[str, ...]) -> float:
    best = 0.0
    ga = _bigrams(a)
    for b in bs:
        if b.strip().lower() == a.strip().lower():
            return 1.0
        gb = _bigrams(b)
        best = max(best, 2 * len(ga & gb) / (len(ga) + len(gb)))
    return best


def _city_key(region: str) -> str:
    return region.strip().removesuffix("市")[:2]


def _labels(d: DemandDoc, s: SolutionDoc) -> tuple[dict[str, float], list[Note]]:
    values: dict[str, float] = {}
    notes: list[Note] = []
    if d.field and s.fields:
        values["field"] = label_similarity(d.field, s.fields)
        same = values["field"] >= 0.99
        near = values["field"] >= 0.5
        notes.append(
            Note(
                f"领域{'一致' if same else '相近' if near else '不同'}：{d.field} / {'、'.join(s.fields)}",
                f"field {'matches' if same else 'is close' if near else 'differs'}: {d.field} / {', '.join(s.fields)}",
                near,
            )
        )
    else:
        values["field"] = UNKNOWN
    if d.industry and s.industries:
        values["industry"] = label_similarity(d.industry, s.industries)
        if values["industry"] >= 0.5:
            notes.append(
                Note(f"适用行业覆盖「{d.industry}」", f"serves the {d.industry} industry", True)
            )
    else:
        values["industry"] = UNKNOWN
    return values, notes


def _region_value(d: DemandDoc, s: SolutionDoc) -> float:
    if not d.region or not s.regions_served:
        return UNKNOWN
    served = [r.strip().lower() for r in s.regions_served]
    if any(_WHOLE_PROVINCE.search(r) for r in served) or any(
        _city_key(r) == _city_key(d.region) for r in served
    ):
        return 1.0
    return 0.0


def _region(d: DemandDoc, s: SolutionDoc) -> tuple[float, Note | None]:
    value = _region_value(d, s)
    if value == UNKNOWN:
        return UNKNOWN, None
    if value == 1.0:
        return 1.0, Note(f"服务区域覆盖{d.region}", f"serves {d.region}", True)
    return 0.0, Note(
        f"服务区域（{'、'.join(s.regions_served)}）不含{d.region}",
        f"regions served ({', '.join(s.regions_served)}) exclude {d.region}",
        False,
    )


def _maturity_value(d: DemandDoc, s: SolutionDoc) -> float:
    if d.trl_required is None or s.trl is None:
        return UNKNOWN
    gap = d.trl_required - s.trl
    return 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0


def _maturity(d: DemandDoc, s: SolutionDoc) -> tuple[float, Note | None]:
    value = _maturity_value(d, s)
    if d.trl_required is None or s.trl is None:
        return value, None
    if value == 1.0:
        return 1.0, Note(
            f"成熟度 TRL {s.trl} ≥ 要求 {d.trl_required}",
            f"maturity TRL {s.trl} ≥ required {d.trl_required}",
            True,
        )
    return value, Note(
        f"成熟度 TRL {s.trl} < 要求 {d.trl_required}",
        f"maturity TRL {s.trl} < required {d.trl_required}",
        False,
    )


def _money(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo:g}–{hi:g} 万元"
    return f"{(lo if lo is not None else hi):g} 万元"


def _ranges(d: DemandDoc, s: SolutionDoc) -> tuple[float, float, float, float] | None:
    """Budget and price as closed ranges (a missing end is the other end), if both are given."""
    b_lo, b_hi = d.budget_min_wan, d.budget_max_wan
    p_lo, p_hi = s.price_min_wan, s.price_max_wan
    if (b_lo is None and b_hi is None) or (p_lo is None and p_hi is None):
        return None
    b_lo = b_lo if b_lo is not None else b_hi
    b_hi = b_hi if b_hi is not None else b_lo
    p_lo = p_lo if p_lo is not None else p_hi
    p_hi = p_hi if p_hi is not None else p_lo
    assert b_lo is not None and b_hi is not None and p_lo is not None and p_hi is not None
    return b_lo, b_hi, p_lo, p_hi


def _budget_value(d: DemandDoc, s: SolutionDoc) -> float:
    ranges = _ranges(d, s)
    if ranges is None:
        return UNKNOWN
    b_lo, b_hi, p_lo, p_hi = ranges
    if p_lo <= b_hi and b_lo <= p_hi:
        return 1.0
    if p_lo > b_hi:
        return max(0.0, b_hi / p_lo if p_lo > 0 else 0.0)
    return 0.8


def _budget(d: DemandDoc, s: SolutionDoc) -> tuple[float, Note | None]:
    ranges = _ranges(d, s)
    if ranges is None:
        return UNKNOWN, None
    value = _budget_value(d, s)
    b_lo, b_hi, p_lo, p_hi = ranges
    budget, price = (
        _money(d.budget_min_wan, d.budget_max_wan),
        _money(s.price_min_wan, s.price_max_wan),
    )
    if p_lo <= b_hi and b_lo <= p_hi:
        return value, Note(
            f"预算 {budget} 与报价 {price} 有交集", f"budget {budget} overlaps price {price}", True
        )
    if p_lo > b_hi:
        return value, Note(
            f"报价 {price} 高于预算 {budget}", f"price {price} exceeds budget {budget}", False
        )
    return value, Note(
        f"报价 {price} 低于预算 {budget}", f"price {price} below budget {budget}", True
    )


def _deadline(d: DemandDoc, today: date) -> Note | None:
    """Said in words, not scored: past deadlines are filtered out before ranking."""
    if d.deadline is None:
        return None
    left = (d.deadline - today).days
    when = d.deadline.isoformat()
    if left < 0:
        return Note(f"征集已于 {when} 截止", f"closed on {when}", False)
    if left < DEADLINE_SOON_DAYS:
        return Note(
            f"截止日期 {when}，仅剩 {left} 天", f"deadline {when}, only {left} days left", False
        )
    return Note(f"截止日期 {when}，剩余 {left} 天", f"deadline {when}, {left} days left", True)


def structured_fit(d: DemandDoc, s: SolutionDoc, today: date | None = None) -> FitFeatures:
    """Field, industry, region, maturity and budget fit in [0, 1], each with a note in words;
    the deadline is noted too (`today` defaults to the current date)."""
    values, notes = _labels(d, s)
    for name, (value, note) in (
        ("region", _region(d, s)),
        ("maturity", _maturity(d, s)),
        ("budget", _budget(d, s)),
    ):
        values[name] = value
        if note is not None:
            notes.append(note)
    if (note := _deadline(d, today or date.today())) is not None:
        notes.append(note)
    return FitFeatures(values=values, notes=notes)


def fit_values(d: DemandDoc, s: SolutionDoc) -> dict[str, float]:
    """The values of `structured_fit` without the words: what ranking needs for every candidate
    (the notes are written only for the matches that are shown)."""
    return {
        "field": label_similarity(d.field, s.fields) if d.field and s.fields else UNKNOWN,
        "industry": (
            label_similarity(d.industry, s.industries) if d.industry and s.industries else UNKNOWN
        ),
        "region": _region_value(d, s),
        "maturity": _maturity_value(d, s),
        "budget": _budget_value(d, s),
    }
