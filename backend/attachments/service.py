"""Uploading, downloading and removing attachments. Who may is the parent's policy: whoever
sees the parent sees its attachments (others get 404), and whoever may edit its attachments
(`edit_attachments`) uploads and removes them while the parent allows it (409 after)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from backend.attachments import errors, repository
from backend.attachments.cleanup import (
    discard_after_commit,
    hold_until_transaction_end,
    store_of,
)
from backend.attachments.models import Attachment
from backend.attachments.names import clean_filename
from backend.attachments.sniff import sniff
from backend.attachments.storage import AttachmentStore, BlobMissing, TooLarge
from backend.audit.service import record
from backend.auth.models import User
from backend.config import Settings
from backend.demands import repository as demands
from backend.matches import repository as matches
from backend.policy import principal_of
from backend.policy.applications import APPLICATION_POLICY
from backend.policy.demands import DEMAND_POLICY
from backend.policy.engine import Policy
from backend.policy.proposals import PROPOSAL_POLICY, ProposalView
from backend.policy.solutions import SOLUTION_POLICY
from backend.proposals import repository as proposals
from backend.review import repository as applications
from backend.review.service import view_of
from backend.solutions import repository as solutions

EDIT = "edit_attachments"


@dataclass(frozen=True)
class Parent:
    """The object an attachment hangs on, as its policy sees it."""

    type: str
    id: int
    policy: Policy[Any]
    view: Any


POLICIES: dict[str, Policy[Any]] = {
    "demand": DEMAND_POLICY,
    "solution": SOLUTION_POLICY,
    "proposal": PROPOSAL_POLICY,
    "application": APPLICATION_POLICY,
}


def _view(session: Session, *, parent_type: str, parent_id: int, settings: Settings) -> Any:
    """The parent as its policy decides on it, or None when there is no such object."""
    if parent_type == "demand":
        return demands.get(session, parent_id)
    if parent_type == "solution":
        return solutions.get(session, parent_id)
    if parent_type == "proposal":
        proposal = proposals.get(session, parent_id)
        demand = demands.get(session, proposal.demand_id) if proposal else None
        if proposal is None or demand is None:
            return None
        match = matches.by_proposal(session, proposal.id)
        return ProposalView(proposal, demand, match.status if match else None)
    application = applications.get(session, parent_id)
    return view_of(session, application, settings=settings) if application else None


def parent_of(
    session: Session, *, parent_type: str, parent_id: int, settings: Settings
) -> Parent | None:
    view = _view(session, parent_type=parent_type, parent_id=parent_id, settings=settings)
    return None if view is None else Parent(parent_type, parent_id, POLICIES[parent_type], view)


def _store(session: Session) -> AttachmentStore:
    store = store_of(session)
    if store is None:
        raise RuntimeError("this session has no attachment store (see cleanup.bind_store)")
    return store


def upload(
    session: Session,
    *,
    parent_type: str,
    parent_id: int,
    user: User,
    source: BinaryIO,
    filename: str | None,
    settings: Settings,
) -> Attachment:
    """Reads `source` in chunks up to the size limit, accepts it by its content, files it
    under its hash and lists it on the parent."""
    principal = principal_of(user)
    policy = POLICIES[parent_type]
    view = policy.require_visible(
        principal,
        _view(session, parent_type=parent_type, parent_id=parent_id, settings=settings),
    )
    policy.require(principal, EDIT, view)
    limit = settings.attachment_max_count
    if repository.count_for(session, parent_type=parent_type, parent_id=parent_id) >= limit:
        raise errors.too_many(limit)
    store = _store(session)
    try:
        staged = store.stage(source, max_bytes=settings.attachment_max_bytes)
    except TooLarge:
        raise errors.attachment_too_large(settings.attachment_max_bytes) from None
    name = clean_filename(filename)
    try:
        if staged.size == 0:
            raise errors.empty()
        content_type = sniff(staged.path, name)
        if content_type is None:
            raise errors.unsupported_type()
        hold_until_transaction_end(session, store, staged.sha256)
        store.keep(staged)
    finally:
        store.drop(staged)  # nothing left to drop once kept
    attachment = Attachment(
        parent_type=parent_type,
        parent_id=parent_id,
        organization_id=principal.organization_id,
        uploader_id=user.id,
        filename=name,
        content_type=content_type,
        size=staged.size,
        sha256=staged.sha256,
    )
    session.add(attachment)
    session.flush()
    record(
        session,
        object_type=parent_type,
        object_id=parent_id,
        action="attach",
        actor_id=user.id,
        details={"attachment_id": attachment.id, "filename": name, "size": staged.size},
    )
    return attachment


def _visible(
    session: Session, *, attachment_id: int, user: User | None, settings: Settings
) -> tuple[Attachment, Parent]:
    """The attachment and its parent, when `user` may see the parent; 404 otherwise."""
    attachment = repository.get(session, attachment_id)
    if attachment is None:
        raise errors.unknown()
    parent = parent_of(
        session,
        parent_type=attachment.parent_type,
        parent_id=attachment.parent_id,
        settings=settings,
    )
    if parent is None or not parent.policy.can_view(principal_of(user), parent.view):
        raise errors.unknown()
    return attachment, parent


def open_download(
    session: Session, *, attachment_id: int, user: User | None, settings: Settings
) -> tuple[Attachment, BinaryIO]:
    """The attachment and its bytes opened for reading; 404 `attachment.missing` when the
    file has gone from the store."""
    attachment, _ = _visible(session, attachment_id=attachment_id, user=user, settings=settings)
    try:
        return attachment, _store(session).open(attachment.sha256)
    except BlobMissing:
        raise errors.missing() from None


def delete(session: Session, *, attachment_id: int, user: User, settings: Settings) -> None:
    attachment, parent = _visible(
        session, attachment_id=attachment_id, user=user, settings=settings
    )
    parent.policy.require(principal_of(user), EDIT, parent.view)
    session.delete(attachment)
    session.flush()
    record(
        session,
        object_type=parent.type,
        object_id=parent.id,
        action="detach",
        actor_id=user.id,
        details={"attachment_id": attachment.id, "filename": attachment.filename},
    )
    discard_after_commit(session, [attachment.sha256])
