from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from backend.common.schemas import ScenarioLink
from backend.common.taxonomy import in_city, named_in
from backend.demands.models import Demand
from backend.demands.workflow import PUBLIC_STATES
from backend.scenarios.models import Scenario


def get(session: Session, demand_id: int) -> Demand | None:
    demand = session.get(Demand, demand_id)
    return None if demand is None or demand.deleted_at is not None else demand


def public_condition() -> ColumnElement[bool]:
    """`backend.policy.demands.is_public` as a filter for the database."""
    return and_(_live(), Demand.status.in_(sorted(PUBLIC_STATES)), Demand.published_at.is_not(None))


def by_external_id(session: Session, external_id: str) -> Demand | None:
    return session.scalar(select(Demand).where(Demand.external_id == external_id))


def _live() -> ColumnElement[bool]:
    return Demand.deleted_at.is_(None)


def list_demands(
    session: Session,
    *,
    organization_id: int | None,
    statuses: list[str] | None,
    region: str | None,
    offset: int,
    limit: int,
) -> tuple[list[Demand], int]:
    conds: list[ColumnElement[bool]] = [_live()]
    if organization_id is not None:
        conds.append(Demand.organization_id == organization_id)
    if statuses:
        conds.append(Demand.status.in_(statuses))
    if region:
        conds.append(in_city(Demand.region, region))
    total = session.scalar(select(func.count()).select_from(Demand).where(*conds)) or 0
    rows = session.scalars(
        select(Demand)
        .where(*conds)
        .order_by(Demand.updated_at.desc(), Demand.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), int(total)


@dataclass(frozen=True)
class PublicFilters:
    field: str | None = None
    industry: str | None = None
    region: str | None = None
    scenario_tier: str | None = None
    trl_max: int | None = None
    budget_min: float | None = None


FACETS = ("field", "industry", "region", "scenario_tier", "trl_required")


def _filter_conditions(f: PublicFilters, *, skip: str | None = None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        _live(),
        Demand.status == "published",
        or_(Demand.deadline.is_(None), Demand.deadline >= date.today()),
    ]
    if f.field and skip != "field":
        conds.append(Demand.field == f.field)
    if f.industry and skip != "industry":
        conds.append(Demand.industry == f.industry)
    if f.region and skip != "region":
        conds.append(Demand.region == f.region)
    if f.scenario_tier and skip != "scenario_tier":
        conds.append(Demand.scenario_tier == f.scenario_tier)
    if f.trl_max is not None and skip != "trl_required":
        conds.append(or_(Demand.trl_required.is_(None), Demand.trl_required <= f.trl_max))
    if f.budget_min is not None:
        conds.append(or_(Demand.budget_max_wan.is_(None), Demand.budget_max_wan >= f.budget_min))
    return conds


def _text_relevance(terms: list[str]) -> ColumnElement[int]:
    """Title hits weigh 3, keyword hits 2, description hits 1; terms come from jieba."""
    score: ColumnElement[int] = literal(0)
    keywords_text = func.lower(cast(Demand.keywords, Text))
    for term in terms:
        pattern = f"%{term.lower()}%"
        score = score + case((func.lower(Demand.title).like(pattern), 3), else_=0)
        score = score + case((keywords_text.like(pattern), 2), else_=0)
        score = score + case((func.lower(Demand.description).like(pattern), 1), else_=0)
    return score


def _terms_matched(terms: list[str]) -> ColumnElement[int]:
    keywords_text = func.lower(cast(Demand.keywords, Text))
    matched: ColumnElement[int] = literal(0)
    for term in terms:
        pattern = f"%{term.lower()}%"
        hit = or_(
            func.lower(Demand.title).like(pattern),
            func.lower(Demand.description).like(pattern),
            keywords_text.like(pattern),
        )
        matched = matched + case((hit, 1), else_=0)
    return matched


def _sort_order(sort: str) -> list[Any]:
    """SQL order of a sort: relevance, whose order the matcher or the text score gives, falls
    back to newest."""
    if sort == "deadline":  # soonest first; open-ended last
        return [Demand.deadline.is_(None), Demand.deadline.asc(), Demand.id.desc()]
    if sort == "budget":  # largest budget first; unstated last
        return [Demand.budget_max_wan.is_(None), Demand.budget_max_wan.desc(), Demand.id.desc()]
    return [Demand.published_at.desc(), Demand.id.desc()]


def _facets(
    session: Session, filters: PublicFilters, extra: list[ColumnElement[bool]]
) -> dict[str, list[tuple[str, int]]]:
    """Disjunctive counts: each facet counts under every other filter but its own."""
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        column = getattr(Demand, name)
        rows = session.execute(
            select(column, func.count())
            .where(and_(*_filter_conditions(filters, skip=name), *extra))
            .group_by(column)
            .order_by(func.count().desc())
        )
        facets[name] = [(str(v), int(c)) for v, c in rows if v is not None]
    return facets


def search_public(
    session: Session,
    *,
    terms: list[str],
    filters: PublicFilters,
    offset: int,
    limit: int,
    sort: str = "relevance",
) -> tuple[list[Demand], int, dict[str, list[tuple[str, int]]]]:
    """Published demands matching most of `terms` (all if ≤ 2), with disjunctive facet counts:
    the keyword search used where the matcher is switched off."""
    text_cond: list[ColumnElement[bool]] = []
    order: list[Any] = []
    if terms:
        need = len(terms) if len(terms) <= 2 else (len(terms) + 1) // 2
        text_cond.append(_terms_matched(terms) >= need)
        if sort == "relevance":
            order.append(_text_relevance(terms).desc())
    order += _sort_order(sort)
    conds = _filter_conditions(filters) + text_cond
    total = session.scalar(select(func.count()).select_from(Demand).where(and_(*conds))) or 0
    stmt = select(Demand).where(and_(*conds)).order_by(*order).offset(offset).limit(limit)
    return list(session.scalars(stmt)), int(total), _facets(session, filters, text_cond)


def taxonomy_named(text: str) -> list[ColumnElement[bool]]:
    """Conditions for the demands filed under the fields, industries and cities a query names
    (`named_in`): a search for them also finds those demands."""
    named = named_in(text)
    conds: list[ColumnElement[bool]] = []
    for column, values in ((Demand.field, named.fields), (Demand.industry, named.industries)):
        if values:
            conds.append(column.in_(values))
        if named.part:
            conds.append(column.contains(named.part, autoescape=True))
    conds += [in_city(Demand.region, city) for city in named.cities]
    return conds


def named_ids(session: Session, named: list[ColumnElement[bool]]) -> list[int]:
    """The public demands filed under what a query names, newest first."""
    if not named:
        return []
    stmt = (
        select(Demand.id)
        .where(and_(*_filter_conditions(PublicFilters()), or_(*named)))
        .order_by(*_sort_order("newest"))
    )
    return list(session.scalars(stmt))


def search_ranked(
    session: Session,
    *,
    ranked_ids: list[int],
    filters: PublicFilters,
    offset: int,
    limit: int,
    sort: str = "relevance",
) -> tuple[list[Demand], int, dict[str, list[tuple[str, int]]]]:
    """The published demands among `ranked_ids` (the matcher's, best first) that pass the
    filters: a page of them in the matcher's order or by `sort`, their number, and facet counts
    over the same set, so that the counts always agree with the results."""
    among: list[ColumnElement[bool]] = [Demand.id.in_(ranked_ids) if ranked_ids else literal(False)]
    conds = _filter_conditions(filters) + among
    if sort == "relevance":
        passing = set(session.scalars(select(Demand.id).where(and_(*conds))))
        ordered = [i for i in ranked_ids if i in passing]
        page_ids = ordered[offset : offset + limit]
        rows = {d.id: d for d in session.scalars(select(Demand).where(Demand.id.in_(page_ids)))}
        items = [rows[i] for i in page_ids if i in rows]
        total = len(ordered)
    else:
        total = session.scalar(select(func.count()).select_from(Demand).where(and_(*conds))) or 0
        stmt = select(Demand).where(and_(*conds)).order_by(*_sort_order(sort))
        items = list(session.scalars(stmt.offset(offset).limit(limit)))
    return items, int(total), _facets(session, filters, among)


def expire_overdue(session: Session, *, today: date) -> list[Demand]:
    return list(
        session.scalars(
            select(Demand).where(_live(), Demand.status == "published", Demand.deadline < today)
        )
    )


def scenario_links(session: Session, demand_ids: list[int]) -> dict[int, list[ScenarioLink]]:
    """The scenarios designated on each of these demands (every scenario is public), in one
    query."""
    links: dict[int, list[ScenarioLink]] = {i: [] for i in demand_ids}
    if not demand_ids:
        return links
    rows = session.scalars(
        select(Scenario)
        .where(Scenario.demand_id.in_(demand_ids))
        .order_by(Scenario.designated_at, Scenario.id)
    )
    for s in rows:
        links[s.demand_id].append(ScenarioLink.model_validate(s))
    return links
