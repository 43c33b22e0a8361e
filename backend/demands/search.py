"""Text search over demands for the public list and the demand form's near-duplicate warning.

Where the matcher runs, a typed query is ranked by it (`Matcher.search_demands`: BM25 with the
bilingual glossary, dense vectors, the nearest few when nothing fits), the demands filed under a
field, industry or city the query names join them, and the database applies the filters, the
sort and the facet counts to that set; with the matcher switched off, a keyword search in the
database answers instead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from backend.demands import repository
from backend.demands.models import Demand
from backend.demands.schemas import DemandPublic, DemandSearchPage, FacetCount, SimilarDemand
from matching import query_terms

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime


# demands the matcher ranks for one typed query (filters and pages are taken from these)
RANKED_DEPTH = 500


def search_terms(q: str) -> list[str]:
    """The distinct words of a query, segmented the way the matcher segments documents; a query
    too short to be a word is looked for as it is."""
    terms = query_terms(q)[:12]
    return terms or ([q.strip().lower()] if q.strip() else [])


def public_page(
    session: Session,
    *,
    q: str | None,
    filters: repository.PublicFilters,
    sort: str | None,
    page: int,
    page_size: int,
    matcher: MatcherRuntime | None,
    present: Callable[[Sequence[Demand]], list[DemandPublic]],
) -> DemandSearchPage:
    """One page of the public demand list or search, with facets that agree with the results.
    `sort` defaults to relevance for a query and to newest without one."""
    text = (q or "").strip()
    order = sort or ("relevance" if text else "newest")
    offset = (page - 1) * page_size
    highlights: dict[int, list[str]] = {}
    nearest = False
    if text and matcher is not None:
        found = matcher.search_demands(session, text=text, limit=RANKED_DEPTH)
        named = repository.named_ids(session, repository.taxonomy_named(text))
        # the matcher's finds first, then what is filed under a field, industry or city the
        # query names; only when neither found anything are the matcher's nearest offered
        nearest = found.nearest and not named
        ranked = [] if found.nearest and named else [int(h.id) for h in found.hits]
        ranked = list(dict.fromkeys([*ranked, *named]))
        words = {int(h.id): list(h.words) for h in found.hits}
        items, total, facets = repository.search_ranked(
            session, ranked_ids=ranked, filters=filters, offset=offset, limit=page_size, sort=order
        )
        highlights = {d.id: words[d.id] for d in items if words.get(d.id)}
    else:
        items, total, facets = repository.search_public(
            session,
            terms=search_terms(text),
            filters=filters,
            offset=offset,
            limit=page_size,
            sort=order,  # relevance without a query orders as newest
        )
    return DemandSearchPage(
        items=present(items),
        total=total,
        page=page,
        page_size=page_size,
        sort=order,
        nearest=nearest,
        highlights=highlights,
        facets={k: [FacetCount(value=v, count=c) for v, c in rows] for k, rows in facets.items()},
    )


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
