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
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
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
from backend.indexing import repository
from backend.indexing.documents import demand_doc, solution_doc
from backend.indexing.models import OutboxEntry
from backend.indexing.outbox import describe, max_attempts_of
from backend.matches.service import Candidate, refresh_from_matcher
from backend.solutions.models import Solution
from matching import Embedder, Matcher, Mode, RankedMatch, load_embedder
from matching.index.meilisearch import MeilisearchTimeout, MeilisearchUnavailable

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
)
Failure = tuple[list[OutboxEntry], Exception]


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Ranked:
    """A ranking result joined back to its database row."""

    object_id: int
    external_id: str | None
    title: str
    match: RankedMatch


class MatcherRuntime:
    def __init__(self, settings: Settings, *, max_attempts: int | None = None) -> None:
        self.settings = settings
        # attempts before a failing outbox row is set aside (SCENARIOHUB_OUTBOX_MAX_ATTEMPTS)
        self.max_attempts = max_attempts or max_attempts_of(settings)
        self._matcher: Matcher | None = None
        self._lock = threading.RLock()

    @property
    def loaded(self) -> bool:
        return self._matcher is not None

    def matcher(self) -> Matcher:
        """Loads the model and opens the index on first use (never at import)."""
        with self._lock:
            if self._matcher is None:
                embedder = _embedder(self.settings.embedding_model or None)
                self._matcher = Matcher(
                    embedder,
                    index_dir=self.settings.index_dir,
                    engine=self.settings.search_backend,
                    meili_url=self.settings.meili_url or None,
                    meili_api_key=self.settings.meili_api_key or None,
                )
            return self._matcher

    # ---- outbox → index → matches -------------------------------------------------------

    def drain(
        self,
        factory: sessionmaker[Session],
        *,
        max_rows: int = 10_000,
        batch_size: int = BATCH,
        clock: Callable[[], datetime] = utcnow,
        should_stop: Callable[[], bool] = _never,
    ) -> int:
        """Apply the due outbox rows, a batch per transaction; returns how many were applied.

        Rows that fail are given another attempt later (or set aside after the last one) and do
        not count. Stops after `max_rows` claimed rows, when nothing is due, or between batches
        once `should_stop()` says so. Raises when the database or the search server is away.
        """
        applied = claimed = 0
        while claimed < max_rows and not should_stop():
            with factory() as session, session.begin():
                limit = min(batch_size, max_rows - claimed)
                rows = repository.claim_due(session, limit=limit, now=clock())
                if not rows:
                    break
                claimed += len(rows)
                self.matcher()  # a model that cannot load is no fault of the rows
                failures = self._apply_isolating(session, rows)
                failed_ids = {row.id for group, _ in failures for row in group}
                done = [row.id for row in rows if row.id not in failed_ids]
                repository.mark_done(session, done, now=clock())
                for group, exc in failures:
                    self._record_failure(session, group, exc, now=clock())
                applied += len(done)
        return applied

    def _apply_isolating(self, session: Session, rows: list[OutboxEntry]) -> list[Failure]:
        """Apply `rows` in a savepoint; when that fails, apply each half on its own, down to the
        single rows that fail, so the good rows of a batch are applied and kept."""
        try:
            with session.begin_nested():
                self._apply(session, rows_by_kind(rows))
        except UNAVAILABLE:
            raise
        except Exception as exc:
            if len(rows) == 1:
                return [(rows, exc)]
            middle = len(rows) // 2
            return self._apply_isolating(session, rows[:middle]) + self._apply_isolating(
                session, rows[middle:]
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

    def _apply(self, session: Session, changed: dict[str, set[int]]) -> None:
        m = self.matcher()
        demands = [d for i in sorted(changed["demand"]) if (d := session.get(Demand, i))]
        solutions = [s for i in sorted(changed["solution"]) if (s := session.get(Solution, i))]
        live_demands = [d for d in demands if d.deleted_at is None and d.status == "published"]
        live_solutions = [s for s in solutions if s.deleted_at is None]
        for d in demands:
            if d not in live_demands:
                m.delete_demand(str(d.id))
        for s in solutions:
            if s not in live_solutions:
                m.delete_solution(str(s.id))
                refresh_from_matcher(session, candidates=[], stale_solution_id=s.id)
        if live_demands:
            m.upsert_demands([demand_doc(d) for d in live_demands])
        if live_solutions:
            m.upsert_solutions([solution_doc(s) for s in live_solutions])
        for d in demands:
            if d not in live_demands:
                refresh_from_matcher(session, candidates=[], stale_demand_id=d.id)
        for d in live_demands:
            self.refresh_demand(session, d)
        for s in live_solutions:
            self.refresh_solution(session, s)

    def refresh_demand(self, session: Session, demand: Demand) -> None:
        ranked = self.matcher().rank_solutions(
            demand_doc(demand), limit=self.settings.matcher_top_n
        )
        owners = _owners(session, Solution, [int(r.id) for r in ranked])
        candidates = [
            _candidate(demand.id, int(r.id), owners[int(r.id)], r)
            for r in ranked
            if int(r.id) in owners
        ]
        refresh_from_matcher(session, candidates=candidates, stale_demand_id=demand.id)

    def refresh_solution(self, session: Session, solution: Solution) -> None:
        ranked = self.matcher().rank_demands(
            solution_doc(solution), limit=self.settings.matcher_top_n
        )
        published = _published_ids(session, [int(r.id) for r in ranked])
        candidates = [
            _candidate(int(r.id), solution.id, solution.organization_id, r)
            for r in ranked
            if int(r.id) in published
        ]
        refresh_from_matcher(session, candidates=candidates, stale_solution_id=solution.id)

    def reindex(
        self, factory: sessionmaker[Session], on_progress: Callable[[int], None] = lambda n: None
    ) -> tuple[int, int]:
        """Rebuild the index from the database (e.g. after a model change)."""
        m = self.matcher()
        with factory() as session:
            demands = list(
                session.scalars(
                    select(Demand).where(Demand.deleted_at.is_(None), Demand.status == "published")
                )
            )
            solutions = list(session.scalars(select(Solution).where(Solution.deleted_at.is_(None))))
            m.clear()
            for demand_chunk in _chunks(demands):
                m.upsert_demands([demand_doc(d) for d in demand_chunk])
                on_progress(len(demand_chunk))
            for solution_chunk in _chunks(solutions):
                m.upsert_solutions([solution_doc(s) for s in solution_chunk])
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

    def similar_demands(self, session: Session, *, text: str, limit: int) -> list[SimilarDemand]:
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


def rows_by_kind(rows: Iterable[OutboxEntry]) -> dict[str, set[int]]:
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
