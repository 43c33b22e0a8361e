"""The frozen documents and results that cross the library's boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DemandDoc:
    id: str
    title: str
    description: str
    field: str | None = None
    industry: str | None = None
    region: str | None = None
    scenario_tier: str | None = None
    budget_min_wan: float | None = None
    budget_max_wan: float | None = None
    trl_required: int | None = None
    cooperation_mode: str | None = None
    keywords: tuple[str, ...] = ()
    deadline: date | None = None

    @property
    def text(self) -> str:
        return "\n".join([self.title, self.description, " ".join(self.keywords)])


@dataclass(frozen=True)
class SolutionDoc:
    id: str
    title: str
    description: str
    fields: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    trl: int | None = None
    regions_served: tuple[str, ...] = ()
    price_min_wan: float | None = None
    price_max_wan: float | None = None
    keywords: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join([self.title, self.description, " ".join(self.keywords)])


@dataclass(frozen=True)
class RankedMatch:
    """One ranked counterpart: its id, a score in [0, 1], the parts and the explanation."""

    id: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    explanation: str = ""
    explanation_en: str = ""


@dataclass(frozen=True)
class SearchHit:
    """One document found for a typed query: its id, a relevance in [0, 1], whether the query's
    words (or their glossary names) are in it, and which whole words to highlight."""

    id: str
    score: float
    keyword: float
    dense: float
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    """What a typed query found, most relevant first; `nearest` when nothing fitted well and the
    hits are only the closest documents, to offer instead of an empty page."""

    hits: tuple[SearchHit, ...]
    nearest: bool = False
