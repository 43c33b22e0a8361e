"""Which public data a commit changed, counted per topic in the database, so that every process's
cached answers (`backend.api.public_cache`) are invalidated by the commit itself.

A flush notes the topics its objects touch; just before the commit the topics' counters are
raised in the same transaction, in a fixed order (two transactions never wait on each other's
counters in opposite orders). Readers read the counters first and the data after, so an answer
is never filed under a newer count than the data it was built from.

Topics:
- `demands`: the public demand list, search and detail pages (a demand that is, or was, public;
  an organization, whose name those pages show);
- `solutions`: the solution catalogue, solution pages and organization profiles (a solution,
  an organization, a demand or scenario those pages list);
- `dashboard`: the public dashboard (public demands, matches, applications, scenarios).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session

from backend.demands.models import Demand
from backend.demands.workflow import PUBLIC_STATES
from backend.freshness.models import CacheVersion
from backend.matches.models import Match
from backend.organizations.models import Organization
from backend.review.models import Application
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution

DEMANDS = "demands"
DASHBOARD = "dashboard"
SOLUTIONS = "solutions"
_PENDING = "freshness_topics"
_BUMP = text(
    "INSERT INTO cache_versions (topic, version) VALUES (:topic, 1) "
    "ON CONFLICT (topic) DO UPDATE SET version = cache_versions.version + 1"
)


def _was_or_is_public(demand: Demand) -> bool:
    if demand.status in PUBLIC_STATES and demand.published_at is not None:
        return True
    state = inspect(demand)
    old_status = state.attrs.status.history.deleted
    old_published = state.attrs.published_at.history.deleted
    return any(s in PUBLIC_STATES for s in old_status) or any(p is not None for p in old_published)


# the topics a row of each table can change; a demand only while it is or was public, an
# organization only once it exists (a new one has no demands yet)
TOPICS_OF: dict[type, frozenset[str]] = {
    Demand: frozenset({DEMANDS, DASHBOARD, SOLUTIONS}),
    Organization: frozenset({DEMANDS, SOLUTIONS}),
    Solution: frozenset({SOLUTIONS}),
    Match: frozenset({DASHBOARD, SOLUTIONS}),
    Application: frozenset({DASHBOARD}),
    Scenario: frozenset({DEMANDS, DASHBOARD, SOLUTIONS}),
}


def _counts(obj: object) -> bool:
    if isinstance(obj, Demand):
        return _was_or_is_public(obj)
    if isinstance(obj, Organization):
        return bool(inspect(obj).persistent or inspect(obj).deleted)
    return True


def topics_of(objects: Iterable[object]) -> set[str]:
    topics: set[str] = set()
    for obj in objects:
        found = TOPICS_OF.get(type(obj))
        if found and _counts(obj):
            topics |= found
    return topics


def _note(session: Session, _flush_context: object, _instances: object) -> None:
    """Before each flush, while the objects' history (the old status) can still be read."""
    changed = [
        *session.new,
        *session.deleted,
        *(o for o in session.dirty if session.is_modified(o)),
    ]
    topics = topics_of(changed)
    if topics:
        session.info.setdefault(_PENDING, set()).update(topics)


def note(session: Session, *topics: str) -> None:
    """Raise these topics' counters with this transaction's commit: for a change that public
    answers show but no table row of `TOPICS_OF` carries (the search index)."""
    session.info.setdefault(_PENDING, set()).update(topics)


def _note_bulk(state: ORMExecuteState) -> None:
    """An UPDATE or DELETE statement changes rows no flush sees: assume they were public."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    topics = TOPICS_OF.get(mapper.class_) if mapper is not None else None
    if topics:
        state.session.info.setdefault(_PENDING, set()).update(topics)


def _bump(session: Session) -> None:
    session.flush()  # the last changes' topics are noted before the counters are raised
    for topic in sorted(session.info.pop(_PENDING, set())):
        session.execute(_BUMP, {"topic": topic})


def install() -> None:
    """Watch every session (API, CLI, worker, tests); idempotent. Notes left by a transaction
    that rolled back only raise a counter once more than needed, never less."""
    if not event.contains(Session, "before_flush", _note):
        event.listen(Session, "before_flush", _note)
        event.listen(Session, "do_orm_execute", _note_bulk)
        event.listen(Session, "before_commit", _bump)


def read(session: Session, topics: Sequence[str]) -> tuple[int, ...]:
    """The topics' counters now (0 for a topic never changed)."""
    found = session.execute(
        select(CacheVersion.topic, CacheVersion.version).where(CacheVersion.topic.in_(topics))
    )
    rows = {topic: version for topic, version in found}
    return tuple(int(rows.get(t, 0)) for t in topics)
