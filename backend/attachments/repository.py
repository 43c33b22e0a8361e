from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.attachments.models import Attachment


def get(session: Session, attachment_id: int) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def for_parents(
    session: Session, *, parent_type: str, parent_ids: Sequence[int]
) -> dict[int, list[Attachment]]:
    """Each parent's attachments, oldest first, in one query."""
    found: dict[int, list[Attachment]] = {i: [] for i in parent_ids}
    if not parent_ids:
        return found
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.parent_type == parent_type, Attachment.parent_id.in_(parent_ids))
        .order_by(Attachment.id)
    )
    for row in rows:
        found[row.parent_id].append(row)
    return found


def count_for(session: Session, *, parent_type: str, parent_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Attachment)
            .where(Attachment.parent_type == parent_type, Attachment.parent_id == parent_id)
        )
        or 0
    )


def remove_for(session: Session, *, parent_type: str, parent_id: int) -> list[str]:
    """Deletes a parent's attachment rows; the hashes they named (their bytes may now be unused)."""
    where = (Attachment.parent_type == parent_type, Attachment.parent_id == parent_id)
    hashes = list(session.scalars(select(Attachment.sha256).where(*where)))
    if hashes:
        session.execute(delete(Attachment).where(*where))
    return hashes


def still_used(session: Session, sha256: str) -> bool:
    return (
        session.scalar(select(Attachment.id).where(Attachment.sha256 == sha256).limit(1))
        is not None
    )
