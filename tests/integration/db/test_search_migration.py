"""The search tables' migration (20261207s): on a REAL pgvector server it creates the postgres
engine's schema, which the engine then opens as it is; on a PostgreSQL without pgvector it is
skipped, unless the settings put the postgres engine in that database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import numpy as np
import psycopg
import pytest
from sqlalchemy import create_engine, text

from backend.db.migrate import downgrade, upgrade
from matching import IndexDoc, Query
from matching.index.postgres import PostgresIndex
from tests.conftest import PG_ADMIN_URL
from tests.fixtures.pgvector_server import pgvector_server, pgvector_url

__all__ = ["pgvector_server", "pgvector_url"]
TABLES = {
    f"{name}_{table}"
    for name in ("demands", "solutions")
    for table in ("documents", "postings", "terms", "weights")
} | {"indexes"}


def _search_tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'scenariohub_search'"
        ).fetchall()
    return {r[0] for r in rows}


def test_the_migration_creates_the_engines_tables_where_pgvector_is(pgvector_url: str) -> None:
    upgrade(pgvector_url)
    assert _search_tables(pgvector_url) == TABLES
    index = PostgresIndex(pgvector_url, "solutions", 512)
    try:  # opened as the migration left it, and usable
        vector = np.ones(512, dtype=np.float32) / np.sqrt(512)
        index.upsert([IndexDoc("s1", "储能电站热失控预警", vector)])
        assert [h.id for h in index.search(Query("储能", vector, 5))] == ["s1"]
    finally:
        index.close()
    downgrade(pgvector_url, "20261207n")
    assert _search_tables(pgvector_url) == set()


@pytest.fixture
def postgres_without_pgvector() -> Iterator[str]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            has_it = conn.execute(
                text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
            ).scalar()
            if has_it:
                pytest.skip("the PostgreSQL at 127.0.0.1:5432 has pgvector")
            name = f"scenariohub_mig_{uuid.uuid4().hex[:8]}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.mark.postgres
def test_without_pgvector_it_is_skipped_unless_the_settings_ask_for_it(
    postgres_without_pgvector: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres_without_pgvector)
    monkeypatch.setenv("SEARCH_BACKEND", "postgres")
    monkeypatch.delenv("SEARCH_DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="no pgvector extension"):
        upgrade(postgres_without_pgvector)
    monkeypatch.setenv("SEARCH_BACKEND", "embedded")
    upgrade(postgres_without_pgvector)  # the same database, now without asking: skipped
    engine = create_engine(
        postgres_without_pgvector.replace("postgresql://", "postgresql+psycopg://")
    )
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        schema = conn.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = 'scenariohub_search'")
        ).scalar()
    engine.dispose()
    assert version == "20261207s" and schema is None
