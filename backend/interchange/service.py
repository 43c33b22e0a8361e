"""Import and export of demands and solutions; re-importing updates by `external_id`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backend.audit.service import record
from backend.db.session import transaction
from backend.demands import repository as demands_repo
from backend.demands.models import Demand
from backend.demands.schemas import DemandFields
from backend.i18n import bilingual, field_name, validation_message
from backend.indexing.outbox import enqueue
from backend.interchange.formats import Row, check_writable, read_rows, write_rows
from backend.interchange.limits import DEFAULT_LIMITS, ImportLimits
from backend.organizations import repository as orgs
from backend.organizations.models import Organization
from backend.organizations.uscc import is_valid_uscc, normalize_uscc
from backend.solutions import repository as solutions_repo
from backend.solutions.models import Solution
from backend.solutions.schemas import SolutionFields

IDENTITY_COLUMNS = ("external_id", "organization", "organization_uscc")
DEMAND_COLUMNS = (*IDENTITY_COLUMNS, *DemandFields.model_fields)
SOLUTION_COLUMNS = (*IDENTITY_COLUMNS, *SolutionFields.model_fields)


class _Identity(BaseModel):
    external_id: str = Field(min_length=1, max_length=64)
    organization: str = Field(min_length=2, max_length=200)
    organization_uscc: str | None = None

    @field_validator("organization_uscc", mode="before")
    @classmethod
    def _check_uscc(cls, v: object) -> object:
        if isinstance(v, int) and not isinstance(v, bool):  # a spreadsheet's all-digit code
            v = str(v)
        if not isinstance(v, str):
            return v
        v = normalize_uscc(v)
        if not v:
            return None
        if not is_valid_uscc(v):
            raise ValueError(
                bilingual(
                    "统一社会信用代码无效（应为 18 位且校验位正确）",
                    "Invalid unified social credit code (18 characters with a valid check digit)",
                )
            )
        return v


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


class RowRefused(Exception):
    """A row that validates but contradicts what the platform holds; reported by its number."""


def _explain(exc: ValidationError) -> str:
    return "；".join(f"{field_name(e['loc'])}：{validation_message(e, 'zh')}" for e in exc.errors())


def _organization(session: Session, row: _Identity) -> Organization:
    """The credit code decides first; a name already registered with another code is refused."""
    code = row.organization_uscc
    if code is None:
        return orgs.get_or_create(session, name=row.organization)
    by_code = orgs.by_uscc(session, code)
    if by_code is not None:
        return by_code
    org = orgs.by_name(session, row.organization)
    if org is None:
        org = Organization(name=row.organization, uscc=code)
        session.add(org)
        session.flush()
        return org
    if org.uscc is not None:
        raise RowRefused(
            f"机构「{org.name}」已登记统一社会信用代码 {org.uscc}，与文件中的 {code} 不一致"
        )
    org.uscc = code
    session.flush()
    record(
        session,
        object_type="organization",
        object_id=org.id,
        action="import_uscc",
        actor_id=None,
        details={"fields": ["uscc"]},
    )
    return org


def _upsert_demand(session: Session, row: DemandRow, *, publish: bool) -> bool:
    org = _organization(session, row)
    values = row.model_dump(mode="python", exclude=set(IDENTITY_COLUMNS))
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
    org = _organization(session, row)
    values = row.model_dump(mode="python", exclude=set(IDENTITY_COLUMNS))
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
        except RowRefused as exc:
            report.failures.append((row.number, str(exc)))
            continue
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


def load_file(path: Path, kind: str, *, limits: ImportLimits = DEFAULT_LIMITS) -> list[Row]:
    """Every row of the file, read before anything is written; raises `InterchangeError`."""
    return list(read_rows(path, kind, limits=limits))


def import_file(
    factory: sessionmaker[Session],
    rows: Sequence[Row],
    *,
    kind: str,
    publish: bool,
    strict: bool,
    on_row: Callable[[], None] = lambda: None,
) -> ImportReport:
    """Import rows `load_file` read, in one transaction."""
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


def _record_of(obj: Demand | Solution, columns: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in columns:
        if c == "organization":
            out[c] = obj.organization.name
        elif c == "organization_uscc":
            out[c] = obj.organization.uscc
        else:
            out[c] = getattr(obj, c)
    return out


def export_file(
    factory: sessionmaker[Session], path: Path, *, kind: str, status: str | None
) -> int:
    """Write the file in the import format; raises `InterchangeError` for a bad path or format."""
    check_writable(path)
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
