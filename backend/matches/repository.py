from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, nulls_last, or_, select
from sqlalchemy.orm import Session

from backend.demands.models import Demand
from backend.matches.models import Match, MatchFeedback
from backend.review.models import Application


def get(session: Session, match_id: int) -> Match | None:
    return session.get(Match, match_id)


def for_pair(session: Session, *, demand_id: int, solution_id: int) -> Match | None:
    return session.scalar(
        select(Match).where(Match.demand_id == demand_id, Match.solution_id == solution_id)
    )


def for_pairs(session: Session, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Match]:
    """The matches of many (demand, solution) pairs in one query, by pair."""
    by_demand: dict[int, set[int]] = {}
    for demand_id, solution_id in pairs:
        by_demand.setdefault(demand_id, set()).add(solution_id)
    if not by_demand:
        return {}
    wanted = or_(
        *(
            and_(Match.demand_id == d, Match.solution_id.in_(sorted(s)))
            for d, s in by_demand.items()
        )
    )
    return {
        (m.demand_id, m.solution_id): m
        for m in session.scalars(select(Match).where(wanted))
        if m.solution_id is not None
    }


def by_proposal(session: Session, proposal_id: int) -> Match | None:
    return session.scalar(select(Match).where(Match.proposal_id == proposal_id))


def for_demand(session: Session, *, demand_id: int, limit: int) -> list[Match]:
    stmt = (
        select(Match)
        .where(Match.demand_id == demand_id)
        .order_by(nulls_last(Match.score.desc()), Match.created_at.desc(), Match.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def for_solution(session: Session, *, solution_id: int, limit: int) -> list[Match]:
    stmt = (
        select(Match)
        .where(Match.solution_id == solution_id)
        .order_by(nulls_last(Match.score.desc()), Match.created_at.desc(), Match.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def for_organization(session: Session, *, organization_id: int, limit: int) -> list[Match]:
    stmt = (
        select(Match)
        .join(Demand, Demand.id == Match.demand_id)
        .where(
            or_(Match.provider_org_id == organization_id, Demand.organization_id == organization_id)
        )
        .where(or_(Match.status != "proposed", Match.origin != "matcher"))
        .order_by(Match.updated_at.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def application_ids(session: Session, match_ids: list[int]) -> dict[int, int]:
    if not match_ids:
        return {}
    rows = session.execute(
        select(Application.match_id, Application.id).where(Application.match_id.in_(match_ids))
    )
    return {m: a for m, a in rows}


def add_feedback(session: Session, feedback: MatchFeedback) -> None:
    session.add(feedback)


def untouched_matcher_matches(
    session: Session, *, demand_id: int | None, solution_id: int | None
) -> list[Match]:
    """Machine suggestions nobody has acted on, for one demand or one solution."""
    if demand_id is None and solution_id is None:
        return []
    stmt = select(Match).where(
        Match.origin == "matcher",
        Match.status == "proposed",
        Match.demand_engaged_at.is_(None),
        Match.provider_engaged_at.is_(None),
    )
    if demand_id is not None:
        stmt = stmt.where(Match.demand_id == demand_id)
    if solution_id is not None:
        stmt = stmt.where(Match.solution_id == solution_id)
    return list(session.scalars(stmt))


def best_for_provider(session: Session, *, organization_id: int, limit: int) -> list[Match]:
    """Scored pairings of this provider's solutions with published demands, best first."""
    stmt = (
        select(Match)
        .join(Demand, Demand.id == Match.demand_id)
        .where(
            Match.provider_org_id == organization_id,
            Match.score.is_not(None),
            Match.solution_id.is_not(None),
            Demand.status == "published",
            Demand.deleted_at.is_(None),
        )
        .order_by(Match.score.desc(), Match.id)
        .limit(limit * 5)
    )
    return list(session.scalars(stmt))
