"""Text search over demands for the public list and the demand form's near-duplicate warning."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from backend.demands import repository
from backend.demands.schemas import SimilarDemand

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime

_WORD = re.compile(r"[\w\u4e00-\u9fff]+")
_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "对",
        "为",
        "是",
        "等",
        "我们",
        "需要",
        "希望",
        "一个",
        "进行",
        "实现",
        "通过",
        "基于",
    ]
)


def search_terms(q: str) -> list[str]:
    """The distinct words of a query: jieba segments Chinese; single characters are dropped."""
    import jieba  # loaded on first search, never at import

    terms: list[str] = []
    for chunk in _WORD.findall(q.lower()):
        for word in jieba.lcut(chunk):
            word = word.strip()
            if len(word) >= 2 and word not in _STOP and word not in terms:
                terms.append(word)
    return terms[:12]


def similar_demands(
    session: Session, *, text: str, limit: int, matcher: MatcherRuntime | None
) -> list[SimilarDemand]:
    """Near-duplicates by meaning where the matcher runs, by shared words where it does not."""
    if matcher is not None:
        return matcher.similar_demands(session, text=text, limit=limit)
    terms = search_terms(text)
    if not terms:
        return []
    items, _, _ = repository.search_public(
        session, terms=terms, filters=repository.PublicFilters(), offset=0, limit=limit
    )
    return [
        SimilarDemand(id=d.id, title=d.title, status=d.status, score=0.0, explanation="")
        for d in items
    ]
