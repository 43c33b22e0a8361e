from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.review.models import Application, ExpertAssignment, Notice, Objection, Score


def get(session: Session, application_id: int) -> Application | None:
    return session.get(Application, application_id)


def list_all(session: Session, *, statuses: Sequence[str] | None) -> list[Application]:
    stmt = select(Application).order_by(Application.updated_at.desc())
    if statuses:
        stmt = stmt.where(Application.status.in_(statuses))
    return list(session.scalars(stmt))


def assignments(session: Session, application_id: int) -> list[ExpertAssignment]:
    return list(
        session.scalars(
            select(ExpertAssignment)
            .where(ExpertAssignment.application_id == application_id)
            .order_by(ExpertAssignment.id)
        )
    )


def assignment(session: Session, *, application_id: int, expert_id: int) -> ExpertAssignment | None:
    return session.scalar(
        select(ExpertAssignment).where(
            ExpertAssignment.application_id == application_id,
            ExpertAssignment.expert_id == expert_id,
        )
    )


def scores(session: Session, application_id: int) -> list[Score]:
    return list(
        session.scalars(
            select(Score).where(Score.application_id == application_id).order_by(Score.id)
        )
    )


def score_count(session: Session, application_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Score).where(Score.application_id == application_id)
        )
        or 0
    )


def notice_for(session: Session, application_id: int) -> Notice | None:
    return session.scalar(select(Notice).where(Notice.application_id == application_id))


def notice(session: Session, notice_id: int) -> Notice | None:
    return session.get(Notice, notice_id)


def notices(session: Session) -> list[Notice]:
    return list(session.scalars(select(Notice).order_by(Notice.starts_at.desc())))


def objections(session: Session, notice_id: int) -> list[Objection]:
    return list(
        session.scalars(
            select(Objection).where(Objection.notice_id == notice_id).order_by(Objection.id)
        )
    )


def objection(session: Session, objection_id: int) -> Objection | None:
    return session.get(Objection, objection_id)
