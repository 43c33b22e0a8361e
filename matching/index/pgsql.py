"""Talking to PostgreSQL for the postgres engine: a small connection pool that replaces a broken
connection once, pgvector's set-up with a clear error when it cannot be had, and the literal
forms in which vectors and payload filters are sent."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import orjson
import psycopg
from psycopg import sql
from psycopg.rows import TupleRow
from psycopg.types.json import Jsonb, set_json_loads

from matching.index.base import Vector

# a term's bytes at most: a B-tree entry holds about 2.7 KB (and a tsvector lexeme 2 KB)
MAX_LEXEME_BYTES = 2046
T = TypeVar("T")
Conn = psycopg.Connection[TupleRow]


class PostgresIndexError(Exception):
    """The PostgreSQL engine cannot work as asked."""


class PgvectorMissing(PostgresIndexError):
    """The server lacks pgvector, or it is not enabled and this role may not enable it."""


class PostgresUnavailable(PostgresIndexError):
    """The server could not be reached, or the connection broke twice in one call."""


class Pool:
    """A few connections, each used by one call at a time; a broken one is replaced once."""

    def __init__(self, url: str, size: int, connect_timeout: float) -> None:
        self.url = url
        self.size = size
        self.connect_timeout = connect_timeout
        self._idle: list[Conn] = []
        self._lock = threading.Lock()

    def _connect(self) -> Conn:
        try:
            conn = psycopg.connect(
                self.url, connect_timeout=max(1, math.ceil(self.connect_timeout))
            )
        except psycopg.OperationalError as exc:
            raise PostgresUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
        set_json_loads(orjson.loads, conn)  # payloads of a hundred candidates per search
        return conn

    @contextmanager
    def _connection(self) -> Iterator[Conn]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            keep = not (conn.broken or conn.closed) and conn.info.transaction_status == _IDLE
            if keep:
                with self._lock:
                    keep = len(self._idle) < self.size
                    if keep:
                        self._idle.append(conn)
            if not keep:
                conn.close()

    def run(self, work: Callable[[Conn], T]) -> T:
        """`work` in one transaction; once more on a new connection if the connection broke."""
        for attempt in (1, 2):
            with self._connection() as conn:
                try:
                    with conn.transaction():
                        return work(conn)
                except psycopg.OperationalError as exc:
                    if not conn.broken:
                        raise  # the statement failed, not the connection
                    self.close()  # the idle ones most likely went with it (a server restart)
                    if attempt == 2:
                        raise PostgresUnavailable(f"lost the PostgreSQL connection: {exc}") from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


_IDLE = psycopg.pq.TransactionStatus.IDLE


def ensure_pgvector(conn: Conn) -> str:
    """pgvector's version in this database, enabling it first if it is not."""
    row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()
    if row is not None:
        return str(row[0])
    available = conn.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
    ).fetchone()
    where = f"{conn.info.host}:{conn.info.port}/{conn.info.dbname}"
    if available is None:
        raise PgvectorMissing(
            f"the PostgreSQL server at {where} has no pgvector extension: install it on the"
            " server (e.g. the postgresql-NN-pgvector package) or use another server"
        )
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except psycopg.errors.InsufficientPrivilege as exc:
        raise PgvectorMissing(
            f"pgvector is installed at {where} but not enabled in this database, and the role"
            f" {conn.info.user!r} may not enable it: run `CREATE EXTENSION vector` there once"
            " as a superuser (or the database owner, if the extension is trusted)"
        ) from exc
    row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()
    assert row is not None
    return str(row[0])


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def vector_text(vector: Vector) -> str:
    """pgvector's text form of a vector."""
    # str of a float32 is its shortest repr, which pgvector's strtof reads back exactly
    return "[" + ",".join(map(str, np.asarray(vector, dtype=np.float32))) + "]"


def restriction(
    filters: Mapping[str, str], exclude_ids: frozenset[str]
) -> tuple[sql.Composable, list[Any]]:
    """`payload_matches` in SQL: a list-valued field holds the value, any other equals it."""
    parts: list[sql.Composable] = []
    params: list[Any] = []
    for key, wanted in filters.items():
        parts.append(sql.SQL("(d.payload @> %s OR d.payload @> %s)"))
        params += [Jsonb({key: wanted}), Jsonb({key: [wanted]})]
    if exclude_ids:
        parts.append(sql.SQL("NOT (d.id = ANY(%s))"))
        params.append(sorted(exclude_ids))
    return sql.SQL("").join(sql.SQL(" AND ") + p for p in parts), params
