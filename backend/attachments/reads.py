"""Attachments as the parents' read models list them (whoever sees the parent sees these)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.attachments import repository
from backend.attachments.schemas import AttachmentRead


def listed(
    session: Session, *, parent_type: str, parent_ids: Sequence[int]
) -> dict[int, list[AttachmentRead]]:
    """Each parent's attachments, in one query for a whole page of parents."""
    rows = repository.for_parents(session, parent_type=parent_type, parent_ids=parent_ids)
    return {i: [AttachmentRead.model_validate(a) for a in found] for i, found in rows.items()}


def listed_for(session: Session, *, parent_type: str, parent_id: int) -> list[AttachmentRead]:
    return listed(session, parent_type=parent_type, parent_ids=[parent_id])[parent_id]
