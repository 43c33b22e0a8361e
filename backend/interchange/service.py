"""Import and export of demands and solutions; re-importing updates by `external_id`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.service import record
from backend.db.session import transaction
from backend.demands import repository as demands_repo
from backend.demands.models import Demand
from backend.demands.schemas import DemandFields
from backend.i18n import field_name, validation_message
from backend.indexing.outbox import enqueue
from backend.interchange.formats import Row, read_rows, write_rows
from backend.organizations import repository as orgs
from backend.solutions import repository as solutions_repo
from backend.solutions.models import Solution
from backend.solutions.schemas import SolutionFields

DEMAND_COLUMNS = ("external_id", "organization", *DemandFields.model_fields)
SOLUTION_COLUMNS = ("external_id", "organization", *SolutionFields.model_fields)


class _Identity(BaseModel):
    external_id: str = Field(min_length=1, max_length=64)
    organization: str = Field(min_length=2, max_length=200)


class DemandRow(DemandFields, _Identity):
    pass


class SolutionRow(SolutionFields, _Identity):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    committed: bool = True

    @property
    def landed(self) -> int:
        return self.created + self.updated if self.committed else 0


def _explain(exc: ValidationError) -> str:
    return "；".join(f"{field_name(e['loc'])}：{validation_message(e, 'zh')}" for e in exc.errors())


def _upsert_demand(session: Session, row: DemandRow, *, publish: bool) -> bool:
    org = orgs.get_or_create(session, name=row.organization)
    values = row.model_dump(mode="python", exclude={"external_id", "organization"})
    demand = demands_repo.by_external_id(session, row.external_id)
    created = demand is None
    if demand is None:
        demand = Demand(external_id=row.external_id, organization_id=org.id, status="draft")
        session.add(demand)
    demand.organization_id = org.id
    demand.deleted_at = None
    for key, value in values.items():
        setattr(demand, key, value)
    before = demand.status
    if publish and demand.status != "published":
        demand.status = "published"
        demand.published_at = datetime.now(UTC)
    session.flush()
    record(
        session,
        object_type="demand",
        object_id=demand.id,
        action="import" if created else "import_update",
        actor_id=None,
        from_state=None if created else before,
        to_state=demand.status,
    )
    enqueue(session, object_type="demand", object_id=demand.id)
    return created


def _upsert_solution(session: Session, row: SolutionRow, *, publish: bool) -> bool:
    org = orgs.get_or_create(session, name=row.organization)
    values = row.model_dump(mode="python", exclude={"external_id", "organization"})
    solution = solutions_repo.by_external_id(session, row.external_id)
    created = solution is None
    if solution is None:
        solution = Solution(external_id=row.external_id, organization_id=org.id)
        session.add(solution)
    solution.organization_id = org.id
    solution.deleted_at = None
    for key, value in values.items():
        setattr(solution, key, value)
    session.flush()
    record(
        session,
        object_type="solution",
        object_id=solution.id,
        action="import" if created else "import_update",
        actor_id=None,
    )
    enqueue(session, object_type="solution", object_id=solution.id)
    return created


def import_rows(
    session: Session,
    rows: Iterable[Row],
    *,
    kind: str,
    publish: bool = False,
    strict: bool = False,
    on_row: Callable[[], None] = lambda: None,
) -> ImportReport:
    """Each row lands in its own savepoint; a bad row is reported and the rest go on.

    With `strict`, the caller must roll back when the report has failures.
    """
    report = ImportReport()
    schema: type[DemandRow] | type[SolutionRow] = DemandRow if kind == "demands" else SolutionRow
    seen: set[str] = set()
    for row in rows:
        on_row()
        if "__error__" in row.values:
            report.failures.append((row.number, str(row.values["__error__"])))
            continue
        try:
            parsed = schema.model_validate(row.values)
        except ValidationError as exc:
            report.failures.append((row.number, _explain(exc)))
            continue
        if parsed.external_id in seen:
            report.failures.append((row.number, f"external_id {parsed.external_id} 在文件中重复"))
            continue
        seen.add(parsed.external_id)
        try:
            with session.begin_nested():
                if isinstance(parsed, DemandRow):
                    created = _upsert_demand(session, parsed, publish=publish)
                else:
                    created = _upsert_solution(session, parsed, publish=publish)
        except Exception as exc:  # a database refusal for one row must not stop the others
            report.failures.append((row.number, f"无法保存：{type(exc).__name__}"))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    if strict and report.failures:
        report.committed = False
    return report


def import_file(
    factory: sessionmaker[Session],
    path: Path,
    *,
    kind: str,
    publish: bool,
    strict: bool,
    on_row: Callable[[], None] = lambda: None,
) -> ImportReport:
    rows = list(read_rows(path, kind))
    session = factory()
    try:
        report = import_rows(
            session, rows, kind=kind, publish=publish, strict=strict, on_row=on_row
        )
        if report.committed:
            session.commit()
        else:
            session.rollback()
        return report
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def count_rows(path: Path, kind: str) -> int:
    return sum(1 for _ in read_rows(path, kind))


def _record_of(obj: Demand | Solution, columns: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        out[c] = obj.organization.name if c == "organization" else getattr(obj, c)
    return out


def export_file(
    factory: sessionmaker[Session], path: Path, *, kind: str, status: str | None
) -> int:
    with transaction(factory) as session:
        if kind == "demands":
            stmt = select(Demand).where(Demand.deleted_at.is_(None)).order_by(Demand.id)
            if status:
                stmt = stmt.where(Demand.status == status)
            items: list[Demand | Solution] = list(session.scalars(stmt))
            columns: tuple[str, ...] = DEMAND_COLUMNS
        else:
            stmt2 = select(Solution).where(Solution.deleted_at.is_(None)).order_by(Solution.id)
            items = list(session.scalars(stmt2))
            columns = SOLUTION_COLUMNS
        write_rows(path, columns, [_record_of(i, columns) for i in items])
        return len(items)
