from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, func, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from backend.common.taxonomy import CITIES, PROVINCE, city_of, named_in
from backend.demands import repository as demands_repo
from backend.demands.models import Demand
from backend.matches.models import Match
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution


def get(session: Session, solution_id: int) -> Solution | None:
    solution = session.get(Solution, solution_id)
    return None if solution is None or solution.deleted_at is not None else solution


def by_external_id(session: Session, external_id: str) -> Solution | None:
    return session.scalar(select(Solution).where(Solution.external_id == external_id))


def list_solutions(
    session: Session, *, organization_id: int | None, offset: int, limit: int
) -> tuple[list[Solution], int]:
    conds: list[ColumnElement[bool]] = [Solution.deleted_at.is_(None)]
    if organization_id is not None:
        conds.append(Solution.organization_id == organization_id)
    total = session.scalar(select(func.count()).select_from(Solution).where(*conds)) or 0
    rows = session.scalars(
        select(Solution)
        .where(*conds)
        .order_by(Solution.updated_at.desc(), Solution.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), int(total)


@dataclass(frozen=True)
class CatalogueFilters:
    """The catalogue's filters: a field, an industry, a city served (a solution that serves the
    whole province serves every city), a least maturity, a highest starting price."""

    field: str | None = None
    industry: str | None = None
    region: str | None = None
    trl_min: int | None = None
    price_max: float | None = None


FACETS = ("field", "industry", "region", "trl")
Facets = dict[str, list[tuple[str, int]]]


def _lists(column: InstrumentedAttribute[list[str]], value: str) -> ColumnElement[bool]:
    """A JSON list column holds `value` (the lists are stored as readable JSON text)."""
    needle = json.dumps(value, ensure_ascii=False)
    return cast(column, Text).contains(needle, autoescape=True)


def _conditions(
    f: CatalogueFilters, visibilities: frozenset[str], *, skip: str | None = None
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        Solution.deleted_at.is_(None),
        Solution.visibility.in_(sorted(visibilities)),
    ]
    if f.field and skip != "field":
        conds.append(_lists(Solution.fields, f.field))
    if f.industry and skip != "industry":
        conds.append(_lists(Solution.industries, f.industry))
    if f.region and skip != "region":
        conds.append(
            or_(
                _lists(Solution.regions_served, f.region), _lists(Solution.regions_served, PROVINCE)
            )
        )
    if f.trl_min is not None and skip != "trl":
        conds.append(Solution.trl >= f.trl_min)
    if f.price_max is not None:
        conds.append(or_(Solution.price_min_wan.is_(None), Solution.price_min_wan <= f.price_max))
    return conds


def _order(sort: str) -> list[Any]:
    """SQL order of a catalogue sort; relevance (the matcher's order) falls back to newest."""
    if sort == "trl":  # most mature first; unstated last
        return [Solution.trl.is_(None), Solution.trl.desc(), Solution.id.desc()]
    if sort == "price":  # lowest starting price first; unstated last
        return [Solution.price_min_wan.is_(None), Solution.price_min_wan.asc(), Solution.id.desc()]
    return [Solution.created_at.desc(), Solution.id.desc()]


def _served_cities(regions: list[str]) -> set[str]:
    return set(CITIES) if PROVINCE in regions else {city_of(r) for r in regions} & set(CITIES)


def _facets(
    session: Session,
    filters: CatalogueFilters,
    visibilities: frozenset[str],
    extra: list[ColumnElement[bool]],
) -> Facets:
    """Disjunctive counts (each facet under every other filter but its own), counted from the
    solutions' list columns; a solution serving the whole province counts for every city."""
    lists = {"field": Solution.fields, "industry": Solution.industries}
    facets: Facets = {}
    for name in FACETS:
        counts: Counter[str] = Counter()
        where = and_(*_conditions(filters, visibilities, skip=name), *extra)
        if name == "trl":
            rows = session.execute(
                select(Solution.trl, func.count()).where(where).group_by(Solution.trl)
            )
            counts.update({str(trl): int(n) for trl, n in rows if trl is not None})
        elif name == "region":
            for regions in session.scalars(select(Solution.regions_served).where(where)):
                counts.update(_served_cities(regions or []))
        else:
            for values in session.scalars(select(lists[name]).where(where)):
                counts.update(set(values or []))
        facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return facets


def catalogue_page(
    session: Session,
    *,
    ranked_ids: list[int] | None,
    filters: CatalogueFilters,
    visibilities: frozenset[str],
    offset: int,
    limit: int,
    sort: str,
) -> tuple[list[Solution], int, Facets]:
    """The solutions `visibilities` opens that pass the filters, among `ranked_ids` (the
    matcher's, best first) when given: a page of them in the matcher's order or by `sort`,
    their number, and facet counts over the same set, so that counts agree with results."""
    among: list[ColumnElement[bool]] = []
    if ranked_ids is not None:
        among.append(Solution.id.in_(ranked_ids) if ranked_ids else literal(False))
    conds = _conditions(filters, visibilities) + among
    if ranked_ids is not None and sort == "relevance":
        passing = set(session.scalars(select(Solution.id).where(and_(*conds))))
        ordered = [i for i in ranked_ids if i in passing]
        page_ids = ordered[offset : offset + limit]
        rows = {s.id: s for s in session.scalars(select(Solution).where(Solution.id.in_(page_ids)))}
        items = [rows[i] for i in page_ids if i in rows]
        total = len(ordered)
    else:
        total = session.scalar(select(func.count()).select_from(Solution).where(and_(*conds))) or 0
        stmt = select(Solution).where(and_(*conds)).order_by(*_order(sort))
        items = list(session.scalars(stmt.offset(offset).limit(limit)))
    return items, int(total), _facets(session, filters, visibilities, among)


def of_organization(
    session: Session, organization_id: int, visibilities: frozenset[str], *, limit: int
) -> list[Solution]:
    """An organization's solutions that `visibilities` opens, newest first."""
    conds = _conditions(CatalogueFilters(), visibilities)
    stmt = (
        select(Solution)
        .where(*conds, Solution.organization_id == organization_id)
        .order_by(*_order("newest"))
        .limit(limit)
    )
    return list(session.scalars(stmt))


def named_ids(session: Session, text: str, visibilities: frozenset[str]) -> list[int]:
    """The solutions filed under the fields or industries a query names, or serving a city it
    names (`named_in`), newest first: a search for them also finds these."""
    named = named_in(text)
    conds = [_lists(Solution.fields, v) for v in named.fields]
    conds += [_lists(Solution.industries, v) for v in named.industries]
    conds += [_lists(Solution.regions_served, city) for city in named.cities]
    if not conds:
        return []
    stmt = (
        select(Solution.id)
        .where(*_conditions(CatalogueFilters(), visibilities), or_(*conds))
        .order_by(*_order("newest"))
    )
    return list(session.scalars(stmt))


# a solution's answered demands are those its provider and the demand's publisher both engaged on
ENGAGED_STATES = ("engaged", "applied")


def answered_demands(session: Session, solution_id: int, *, limit: int) -> list[Demand]:
    """The public demands both sides engaged on with this solution, newest first."""
    engaged = select(Match.demand_id).where(
        Match.solution_id == solution_id, Match.status.in_(ENGAGED_STATES)
    )
    stmt = (
        select(Demand)
        .where(Demand.id.in_(engaged), demands_repo.public_condition())
        .order_by(Demand.published_at.desc(), Demand.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def scenarios_of(session: Session, *, solution_id: int, limit: int) -> list[Scenario]:
    """The scenarios designated on this solution, latest first."""
    stmt = (
        select(Scenario)
        .where(Scenario.solution_id == solution_id)
        .order_by(Scenario.designated_at.desc(), Scenario.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
