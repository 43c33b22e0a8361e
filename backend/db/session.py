"""Engine and session factory, created explicitly (never at import)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import ColumnCollectionConstraint


def _json_dumps(value: Any) -> str:
    # keep Chinese readable in JSON columns, so LIKE searches over keywords work
    return json.dumps(value, ensure_ascii=False)


def normalize_url(url: str) -> str:
    """Plain postgres URLs use psycopg 3, the driver we install."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# a read-only unit of work: on SQLite it begins DEFERRED and so never takes the write lock
READ_ONLY = {"scenariohub_read_only": True}


def make_engine(url: str, *, connections: int = 30) -> Engine:
    """`connections`: how many sessions may be open at once (the in-flight bound plus room for
    the index worker and start-up), so a request inside the bound never waits on the pool."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=max(connections - 5, 0),
            pool_timeout=10,
            json_serializer=_json_dumps,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let pysqlite's own BEGIN handling stay off; we issue BEGIN IMMEDIATE ourselves so
            # concurrent writers queue on the lock instead of failing a read-then-write upgrade.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # readers (WAL) never block and are never blocked; writers queue on the lock
            read_only = conn.get_execution_options().get("scenariohub_read_only", False)
            conn.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=max(connections - 10, 0),
        pool_timeout=10,
        json_serializer=_json_dumps,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # every model must be registered before the first query resolves foreign keys
    import backend.db.models  # noqa: F401
    from backend.freshness import versions

    versions.install()  # every commit that changes public data invalidates its cached answers
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>[\w.]+(?:, [\w.]+)*)")
_PG_UNIQUE_VIOLATION = "23505"


def violated_unique(exc: IntegrityError, metadata: MetaData) -> tuple[str, tuple[str, ...]] | None:
    """(table, columns) of the unique constraint behind `exc`, on PostgreSQL or SQLite;
    None when it was some other integrity rule."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == _PG_UNIQUE_VIOLATION:
        name = getattr(getattr(orig, "diag", None), "constraint_name", None)
        for table in metadata.tables.values():
            for constraint in table.constraints:
                if isinstance(constraint, ColumnCollectionConstraint) and constraint.name == name:
                    return table.name, tuple(c.name for c in constraint.columns)
            for index in table.indexes:
                if index.name == name:
                    return table.name, tuple(c.name for c in index.columns)
        return None
    match = _SQLITE_UNIQUE.search(str(orig))
    if match is None:
        return None
    qualified = [part.split(".", 1) for part in match["columns"].split(", ")]
    return qualified[0][0], tuple(column for _, column in qualified)
