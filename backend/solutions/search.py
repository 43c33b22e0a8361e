"""The solution catalogue (技术供给清单): the solutions a reader may see, searched with the
matcher's engine like the public demand list (`backend.demands.search`), with facets that agree
with the results. With the matcher switched off, the catalogue lists without a text search."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from backend.demands.schemas import FacetCount
from backend.solutions import repository
from backend.solutions.models import Solution
from backend.solutions.schemas import SolutionCatalogue, SolutionPublic

if TYPE_CHECKING:
    from backend.indexing.runtime import MatcherRuntime

# solutions the matcher ranks for one typed query (filters and pages are taken from these)
RANKED_DEPTH = 500


def catalogue(
    session: Session,
    *,
    q: str | None,
    filters: repository.CatalogueFilters,
    visibilities: frozenset[str],
    sort: str | None,
    page: int,
    page_size: int,
    matcher: MatcherRuntime | None,
    present: Callable[[Sequence[Solution]], list[SolutionPublic]],
) -> SolutionCatalogue:
    """One page of the catalogue for a reader who may see `visibilities`; `sort` defaults to
    relevance for a query and to newest without one."""
    text = (q or "").strip()
    order = sort or ("relevance" if text else "newest")
    ranked: list[int] | None = None
    words: dict[int, list[str]] = {}
    nearest = False
    if text and matcher is not None:
        found = matcher.search_solutions(session, text=text, limit=RANKED_DEPTH)
        named = repository.named_ids(session, text, visibilities)
        # the matcher's finds first, then those filed under what the query names; only when
        # neither found anything are the matcher's nearest offered
        nearest = found.nearest and not named
        hits = [] if found.nearest and named else [int(h.id) for h in found.hits]
        ranked = list(dict.fromkeys([*hits, *named]))
        words = {int(h.id): list(h.words) for h in found.hits}
    elif text:
        ranked = repository.named_ids(session, text, visibilities)
    items, total, facets = repository.catalogue_page(
        session,
        ranked_ids=ranked,
        filters=filters,
        visibilities=visibilities,
        offset=(page - 1) * page_size,
        limit=page_size,
        sort=order,
    )
    return SolutionCatalogue(
        items=present(items),
        total=total,
        page=page,
        page_size=page_size,
        sort=order,
        nearest=nearest,
        highlights={s.id: words[s.id] for s in items if words.get(s.id)},
        facets={k: [FacetCount(value=v, count=c) for v, c in rows] for k, rows in facets.items()},
    )
