"""After the run: every write the server acknowledged is a row, and no row came from nowhere.

The database is read directly with SQLAlchemy (plain SQL, no platform code), once before the
load (the demo data) and once after the server has stopped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, create_engine, text

# record key -> (table, the write that creates it)
TABLES = {
    "users": ("users", "register"),
    "demands": ("demands", "create demand"),
    "solutions": ("solutions", "create solution"),
    "proposals": ("proposals", "create proposal"),
}


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Snapshot:
    ids: dict[str, set[int]]
    published_demand_ids: list[int]
    proposable_demand_ids: list[int]


def snapshot(url: str) -> Snapshot:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            ids = {
                key: set(conn.execute(text(f"SELECT id FROM {table}")).scalars())
                for key, (table, _) in TABLES.items()
            }
            rows = conn.execute(
                text("SELECT id, deadline FROM demands WHERE status = 'published' ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    today = date.today()
    published = [int(r.id) for r in rows]
    # a demand past its deadline refuses proposals (409), which would be noise, not load
    proposable = [int(r.id) for r in rows if r.deadline is None or _day(r.deadline) >= today]
    return Snapshot(ids, published, proposable)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


@dataclass
class TableCheck:
    """One kind of row: acknowledged ids against the rows the run added."""

    acknowledged: int
    rows_added: int
    lost: list[int]  # answered 201 but not in the database
    extra: list[int]  # in the database, never answered 201
    duplicates: list[int]  # the same id acknowledged twice
    unanswered_writes: int  # time-outs, broken connections, cut off at the end
    ok: bool = False
    note: str = ""

    def settle(self) -> None:
        self.ok = (
            not self.lost and not self.duplicates and len(self.extra) <= self.unanswered_writes
        )
        if self.extra and self.ok:
            self.note = f"{len(self.extra)} row(s) committed for writes whose answer never came"
        elif self.extra:
            self.note = "rows nobody was told about, more than the unanswered writes"


@dataclass
class Reconciliation:
    tables: dict[str, TableCheck]
    submitted: dict[str, Any] = field(default_factory=dict)
    proposals_on_wrong_demand: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(c.ok for c in self.tables.values())
            and bool(self.submitted.get("ok", False))
            and not self.proposals_on_wrong_demand
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tables": {k: asdict(v) for k, v in self.tables.items()},
            "submitted": self.submitted,
            "proposals_on_wrong_demand": self.proposals_on_wrong_demand,
        }


def reconcile(url: str, before: Snapshot, record: dict[str, Any]) -> Reconciliation:
    created = record["created"]
    attempts, answered = record["attempts"], record["answered"]
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            after = {
                key: set(conn.execute(text(f"SELECT id FROM {table}")).scalars())
                for key, (table, _) in TABLES.items()
            }
            added_demands = sorted(after["demands"] - before.ids["demands"])
            status = dict(
                conn.execute(
                    text("SELECT id, status FROM demands WHERE id IN :ids").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": added_demands or [-1]},
                ).all()
            )
            proposal_demand = dict(
                conn.execute(text("SELECT id, demand_id FROM proposals")).tuples().all()
            )
    finally:
        engine.dispose()

    tables: dict[str, TableCheck] = {}
    for key, (_, write) in TABLES.items():
        acked = [int(p["id"]) if isinstance(p, dict) else int(p) for p in created[key]]
        added = after[key] - before.ids[key]
        check = TableCheck(
            acknowledged=len(acked),
            rows_added=len(added),
            lost=sorted(set(acked) - after[key]),
            extra=sorted(added - set(acked)),
            duplicates=sorted(i for i, n in Counter(acked).items() if n > 1),
            unanswered_writes=int(attempts.get(write, 0)) - int(answered.get(write, 0)),
        )
        check.settle()
        tables[key] = check

    acked_submits = set(created["submitted"])
    still_draft = sorted(i for i in acked_submits if status.get(i) == "draft")
    submitted_rows = {i for i, s in status.items() if s == "submitted"}
    unexplained = submitted_rows - acked_submits
    unanswered = int(attempts.get("submit demand", 0)) - int(answered.get("submit demand", 0))
    submitted = {
        "acknowledged": len(acked_submits),
        "rows_submitted": len(submitted_rows),
        "acknowledged_but_draft": still_draft,
        "submitted_without_200": sorted(unexplained),
        "unanswered_writes": unanswered,
        "ok": not still_draft and len(unexplained) <= unanswered,
    }
    wrong = [
        int(p["id"])
        for p in created["proposals"]
        if proposal_demand.get(int(p["id"]), p["demand_id"]) != p["demand_id"]
    ]
    return Reconciliation(tables, submitted, wrong)
