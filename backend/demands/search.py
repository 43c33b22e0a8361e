"""Text search over demands for the public list and the demand form's near-duplicate warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from backend.demands import repository
from backend.demands.schemas import SimilarDemand
from matching import query_terms

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime


def search_terms(q: str) -> list[str]:
    """The distinct words of a query, segmented the way the matcher segments documents."""
    return query_terms(q)[:12]


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
