from __future__ import annotations

from sqlalchemy import nulls_last, or_, select
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
