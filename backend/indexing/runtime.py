"""The matcher inside the platform: one model load per process, the outbox drained into the
index, and the index's rankings turned into Match rows.

Commit, then index: writers leave an outbox row in their own transaction; `drain` claims it,
applies it to the index and marks it done in one transaction, so a crash in between loses nothing
(the claim ends with the connection, the row is still pending, and applying it again is
harmless: upserts are idempotent). A row whose application fails is narrowed down and retried
later on its own; the rest of its batch is applied.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError, PendingRollbackError
from sqlalchemy.orm import Session, sessionmaker

from backend.config import Settings
from backend.db.base import utcnow
from backend.demands import repository as demands_repo
from backend.demands.models import Demand
from backend.demands.schemas import SimilarDemand
from backend.freshness import versions
from backend.indexing import repository
from backend.indexing.documents import demand_doc, solution_doc
from backend.indexing.models import OutboxEntry
from backend.indexing.outbox import describe, max_attempts_of
from backend.matches.service import Candidate, refresh_from_matcher
from backend.solutions.models import Solution
from matching import (
    DemandDoc,
    Embedder,
    IndexLocked,
    Matcher,
    Mode,
    RankedMatch,
    SearchResult,
    SolutionDoc,
    load_embedder,
)
from matching.index.meilisearch import MeilisearchTimeout, MeilisearchUnavailable
from matching.index.postgres import PostgresUnavailable

log = logging.getLogger(__name__)

BATCH = 256
# failures that say nothing about the rows: the database or the search server is away. The batch
# is left as it was (no attempt counted) and the next drain tries again.
UNAVAILABLE: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    PendingRollbackError,  # a session whose connection broke mid-transaction
    MeilisearchUnavailable,
    MeilisearchTimeout,
    PostgresUnavailable,
)
Failure = tuple[list[repository.Claimed], Exception]


def _never() -> bool:
    return False


def _ignore(_n: int) -> None:
    return None


@dataclass(frozen=True)
class Ranked:
    """A ranking result joined back to its database row."""

    object_id: int
    external_id: str | None
    title: str
    match: RankedMatch


class MatcherRuntime:
    """The process's matcher. With the embedded engine exactly one process writes the index (it
    holds the folder's writer lock and drains the outbox); every other process opens it read-only
    and follows the writer's changes within about a second. `writer=False` opens it read-only
    until something drains (API processes beside a `scenariohub worker` never do)."""

    def __init__(
        self, settings: Settings, *, max_attempts: int | None = None, writer: bool = True
    ) -> None:
        self.settings = settings
        # attempts before a failing outbox row is set aside (SCENARIOHUB_OUTBOX_MAX_ATTEMPTS)
        self.max_attempts = max_attempts or max_attempts_of(settings)
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wants_writer = writer
        self._matcher: Matcher | None = None
        self._lock = threading.RLock()

    @property
    def loaded(self) -> bool:
        return self._matcher is not None

    @property
    def writes_index(self) -> bool:
        return self._matcher is not None and not self._matcher.read_only

    def matcher(self) -> Matcher:
        """Loads the model and opens the index on first use (never at import): as its writer when
        this runtime wants to write and no other process does, read-only otherwise."""
        with self._lock:
            if self._matcher is None:
                self._matcher = self._open(read_only=not self.wants_writer)
            return self._matcher

    def become_writer(self) -> bool:
        """Make this runtime the index's writer unless another process is (a standby worker takes
        over this way when the writer stops; draining always asks); True when it writes."""
        with self._lock:
            if self.matcher().read_only:
                try:
                    writer = self._open(read_only=False, fall_back=False)
                except IndexLocked:
                    return False
                self.matcher().close()
                self._matcher = writer  # opened from disk after the lock: nothing is missed
            return self.writes_index

    def _open(self, *, read_only: bool, fall_back: bool = True) -> Matcher:
        embedder = _embedder(self.settings.embedding_model or None)

        def open_matcher(read_only: bool) -> Matcher:
            return Matcher(
                embedder,
                index_dir=self.settings.index_dir,
                engine=self.settings.search_backend,
                meili_url=self.settings.meili_url or None,
                meili_api_key=self.settings.meili_api_key or None,
                pg_url=self.settings.search_pg_url
                if self.settings.search_backend == "postgres"
                else None,
                read_only=read_only,
            )

        try:
            return open_matcher(read_only)
        except IndexLocked:
            if not fall_back:
                raise
            log.info("another process writes the search index: this one follows it")
            return open_matcher(True)

    def close(self) -> None:
        with self._lock:
            if self._matcher is not None:
                if self.writes_index:
                    self._matcher.flush()
                self._matcher.close()
                self._matcher = None

    # ---- outbox → index → matches -------------------------------------------------------

    def drain(
        self,
        factory: sessionmaker[Session],
        *,
        max_rows: int = 10_000,
        batch_size: int = BATCH,
        clock: Callable[[], datetime] = utcnow,
        should_stop: Callable[[], bool] = _never,
        on_progress: Callable[[int], None] = _ignore,
    ) -> int:
        """Apply the due outbox rows, a batch at a time; returns how many were applied.

        Each batch is claimed in a short transaction, applied to the index with no transaction
        open (encoding and ranking never hold the database), and its matches and its outcome
        written in another short one. Rows that fail are given another attempt later (or set
        aside after the last one) and do not count. Stops after `max_rows` claimed rows, when
        nothing is due, or between batches once `should_stop()` says so. Returns 0 at once in a
        process that does not write the embedded index (another one does). Raises when the
        database or the search server is away.
        """
        if not self.become_writer():
            return 0
        applied = claimed = 0
        while claimed < max_rows and not should_stop():
            with factory() as session, session.begin():
                limit = min(batch_size, max_rows - claimed)
                batch = repository.claim_due(
                    session, limit=limit, now=clock(), owner=self.owner, lease=self.lease
                )
            if not batch:
                break
            claimed += len(batch)
            try:
                failures = self._apply_isolating(factory, batch)
            except BaseException:
                with factory() as session, session.begin():  # due again for the next drain
                    repository.release(session, [c.id for c in batch], owner=self.owner)
                raise
            failed_ids = {c.id for group, _ in failures for c in group}
            with factory() as session, session.begin():
                done = repository.held(
                    session, [c.id for c in batch if c.id not in failed_ids], owner=self.owner
                )
                repository.mark_done(session, done, now=clock())
                for group, exc in failures:
                    rows = repository.held(session, [c.id for c in group], owner=self.owner)
                    self._record_failure(session, rows, exc, now=clock())
            applied += len(done)
            on_progress(len(done))
        return applied

    def _apply_isolating(
        self, factory: sessionmaker[Session], rows: list[repository.Claimed]
    ) -> list[Failure]:
        """Apply `rows`; when that fails, apply each half on its own, down to the single rows
        that fail, so the good rows of a batch are applied and kept."""
        try:
            self._apply(factory, rows)
        except UNAVAILABLE:
            raise
        except Exception as exc:
            if len(rows) == 1:
                return [(rows, exc)]
            middle = len(rows) // 2
            return self._apply_isolating(factory, rows[:middle]) + self._apply_isolating(
                factory, rows[middle:]
            )
        return []

    def _record_failure(
        self, session: Session, rows: Sequence[OutboxEntry], exc: Exception, *, now: datetime
    ) -> None:
        repository.record_failure(
            session, rows, describe(exc), now=now, max_attempts=self.max_attempts
        )
        for row in rows:
            if row.failed_at is not None:
                log.error(
                    "outbox row %s (%s %s) set aside after %s attempts: %s",
                    row.id,
                    row.object_type,
                    row.object_id,
                    row.attempts,
                    row.last_error,
                    exc_info=exc,
                )
            else:
                log.warning(
                    "outbox row %s (%s %s) failed (attempt %s), retried at %s: %s",
                    row.id,
                    row.object_type,
                    row.object_id,
                    row.attempts,
                    row.next_attempt_at,
                    row.last_error,
                )

    def _apply(self, factory: sessionmaker[Session], rows: list[repository.Claimed]) -> None:
        """Read the changed rows, apply them to the index and rank them (no transaction open),
        then write the matcher's matches in one short transaction."""
        changed = rows_by_kind(rows)
        with factory() as session:  # a plain read; ended before the model or the index run
            docs = _Changes.read(session, changed)
        m = self.matcher()
        for demand_id in docs.gone_demands:
            m.delete_demand(str(demand_id))
        for solution_id in docs.gone_solutions:
            m.delete_solution(str(solution_id))
        if docs.demands:
            m.upsert_demands(docs.demands)
        if docs.solutions:
            m.upsert_solutions(docs.solutions)
        limit = self.settings.matcher_top_n
        for_demands = {int(d.id): m.rank_solutions(d, limit=limit) for d in docs.demands}
        for_solutions = {int(s.id): m.rank_demands(s, limit=limit) for s in docs.solutions}
        with factory() as session, session.begin():
            if docs.demands or docs.gone_demands:
                # the public search answers from the index: its cached pages go with this change
                versions.note(session, versions.DEMANDS)
            if docs.solutions or docs.gone_solutions:
                versions.note(session, versions.SOLUTIONS)
            for solution_id in docs.gone_solutions:
                refresh_from_matcher(session, candidates=[], stale_solution_id=solution_id)
            for demand_id in docs.gone_demands:
                refresh_from_matcher(session, candidates=[], stale_demand_id=demand_id)
            for demand_id, ranked in for_demands.items():
                owners = _owners(session, Solution, [int(r.id) for r in ranked])
                candidates = [
                    _candidate(demand_id, int(r.id), owners[int(r.id)], r)
                    for r in ranked
                    if int(r.id) in owners
                ]
                refresh_from_matcher(session, candidates=candidates, stale_demand_id=demand_id)
            for solution_id, ranked in for_solutions.items():
                org_id = docs.solution_owner[solution_id]
                published = _published_ids(session, [int(r.id) for r in ranked])
                candidates = [
                    _candidate(int(r.id), solution_id, org_id, r)
                    for r in ranked
                    if int(r.id) in published
                ]
                refresh_from_matcher(session, candidates=candidates, stale_solution_id=solution_id)

    def reindex(
        self, factory: sessionmaker[Session], on_progress: Callable[[int], None] = _ignore
    ) -> tuple[int, int]:
        """Rebuild the index from the database (e.g. after a model change). Raises
        `IndexLocked` while another process writes the index."""
        if not self.become_writer():
            raise IndexLocked(self.settings.index_dir)
        m = self.matcher()
        with factory() as session:  # read as plain documents, then encode with no transaction
            demands = [
                demand_doc(d)
                for d in session.scalars(
                    select(Demand).where(Demand.deleted_at.is_(None), Demand.status == "published")
                )
            ]
            solutions = [
                solution_doc(s)
                for s in session.scalars(select(Solution).where(Solution.deleted_at.is_(None)))
            ]
        m.clear()
        for demand_chunk in _chunks(demands):
            m.upsert_demands(demand_chunk)
            on_progress(len(demand_chunk))
        for solution_chunk in _chunks(solutions):
            m.upsert_solutions(solution_chunk)
            on_progress(len(solution_chunk))
        return len(demands), len(solutions)

    # ---- queries ------------------------------------------------------------------------

    def rank_solutions(
        self, session: Session, demand: Demand, *, limit: int, mode: Mode
    ) -> list[Ranked]:
        ranked = self.matcher().rank_solutions(demand_doc(demand), limit=limit, mode=mode)
        return _join(session, Solution, ranked)

    def rank_demands(
        self, session: Session, solution: Solution, *, limit: int, mode: Mode
    ) -> list[Ranked]:
        ranked = self.matcher().rank_demands(solution_doc(solution), limit=limit, mode=mode)
        return _join(session, Demand, ranked)

    def search_demands(self, session: Session, *, text: str, limit: int) -> SearchResult:
        """A typed query over the published demands, ranked by the matcher (see `_typed`)."""
        return self._typed(session).search_demands(text, limit=limit)

    def search_solutions(self, session: Session, *, text: str, limit: int) -> SearchResult:
        """A typed query over the solutions, ranked by the matcher; the caller keeps those the
        reader may see."""
        return self._typed(session).search_solutions(text, limit=limit)

    def _typed(self, session: Session) -> Matcher:
        """The matcher for a typed query. The read is ended first (no transaction or pooled
        connection is held while the query is encoded), and a process that follows the index
        catches up first, so an answer is never older than the index changes whose commit the
        caller has seen."""
        end_read(session)
        m = self.matcher()
        m.refresh()
        return m

    def similar_demands(self, session: Session, *, text: str, limit: int) -> list[SimilarDemand]:
        """Called while a read request's session is open: the read is ended first, so encoding
        the text never holds a transaction or a pooled connection."""
        end_read(session)
        hits = self.matcher().similar_demands(text, limit=limit)
        out = []
        for r in _join(session, Demand, hits):
            demand = demands_repo.get(session, r.object_id)
            if demand is not None:
                out.append(
                    SimilarDemand(
                        id=demand.id,
                        title=demand.title,
                        status=demand.status,
                        score=round(r.match.score, 3),
                        explanation=r.match.explanation,
                    )
                )
        return out


@dataclass
class _Changes:
    """What a batch of outbox rows asks of the index, read from the database as plain data."""

    demands: list[DemandDoc]
    solutions: list[SolutionDoc]
    solution_owner: dict[int, int]
    gone_demands: list[int]  # deleted, or no longer published
    gone_solutions: list[int]

    @classmethod
    def read(cls, session: Session, changed: dict[str, set[int]]) -> _Changes:
        out = cls([], [], {}, [], [])
        demands = select(Demand).where(Demand.id.in_(changed["demand"])).order_by(Demand.id)
        for d in session.scalars(demands) if changed["demand"] else ():
            if d.deleted_at is None and d.status == "published":
                out.demands.append(demand_doc(d))
            else:
                out.gone_demands.append(d.id)
        solutions = select(Solution).where(Solution.id.in_(changed["solution"]))
        for s in session.scalars(solutions.order_by(Solution.id)) if changed["solution"] else ():
            if s.deleted_at is None:
                out.solutions.append(solution_doc(s))
                out.solution_owner[s.id] = s.organization_id
            else:
                out.gone_solutions.append(s.id)
        return out


def end_read(session: Session) -> None:
    """End a session's read-only transaction and give its connection back to the pool; the
    session reads on in a new one. Refuses a session that has changes waiting."""
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("end_read() on a session with unsaved changes")
    session.commit()


def rows_by_kind(rows: Iterable[repository.Claimed]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {"demand": set(), "solution": set()}
    for row in rows:
        if row.object_type in out:
            out[row.object_type].add(row.object_id)
    return out


def _candidate(demand_id: int, solution_id: int, org_id: int, r: RankedMatch) -> Candidate:
    return Candidate(
        demand_id=demand_id,
        solution_id=solution_id,
        provider_org_id=org_id,
        score=r.score,
        parts=dict(r.parts),
        explanation=r.explanation,
        explanation_en=r.explanation_en,
    )


def _owners(session: Session, model: type[Solution], ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(model.id, model.organization_id).where(model.id.in_(ids), model.deleted_at.is_(None))
    )
    return {i: o for i, o in rows}


def _published_ids(session: Session, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Demand.id).where(
                Demand.id.in_(ids), Demand.status == "published", Demand.deleted_at.is_(None)
            )
        )
    )


def _join(
    session: Session, model: type[Demand] | type[Solution], ranked: list[RankedMatch]
) -> list[Ranked]:
    ids = [int(r.id) for r in ranked]
    rows: dict[int, Demand | Solution] = {}
    if ids:
        found: list[Demand | Solution] = list(
            session.scalars(select(model).where(model.id.in_(ids)))
        )
        rows = {o.id: o for o in found}
    return [
        Ranked(object_id=obj.id, external_id=obj.external_id, title=obj.title, match=r)
        for r in ranked
        if (obj := rows.get(int(r.id))) is not None
    ]


T = TypeVar("T")


def _chunks(items: list[T]) -> Iterable[list[T]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]


@lru_cache(maxsize=2)
def _embedder(model_name: str | None) -> Embedder:
    """The model loads once per process, whatever number of runtimes (tests make several)."""
    return load_embedder(model_name)
