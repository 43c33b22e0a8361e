"""SEARCH_BACKEND=postgres: the platform keeps its search index in PostgreSQL with pgvector
(SEARCH_DATABASE_URL, by default the platform's own DATABASE_URL), on a REAL pgvector server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.config import Settings
from backend.main import create_app
from matching.index.postgres import PostgresIndex
from tests.fixtures.api import register, solution_body, staff
from tests.fixtures.pgvector_server import pgvector_server, pgvector_url
from tests.integration.indexing.conftest import factory_of, runtime_of
from tests.integration.indexing.test_matcher_in_platform import UNRELATED, publish

__all__ = ["pgvector_server", "pgvector_url"]


@pytest.fixture
def pg_client(database_url: str, tmp_path: Path, pgvector_url: str) -> Iterator[TestClient]:
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=database_url,
        SCENARIOHUB_DATA_DIR=tmp_path / "data",
        SCENARIOHUB_MATCHER=True,
        SCENARIOHUB_INDEX_WORKER=False,
        SCENARIOHUB_FRONTEND_DIST=tmp_path / "no-dist",
        SEARCH_BACKEND="postgres",
        SEARCH_DATABASE_URL=pgvector_url,
    )
    with TestClient(create_app(settings)) as c:
        yield c


def test_the_platform_indexes_and_ranks_on_postgres(pg_client: TestClient) -> None:
    provider = register(pg_client, ["provider"])
    fitting = provider.post("/api/v1/solutions", solution_body()).json()
    provider.post("/api/v1/solutions", UNRELATED)
    publisher = register(pg_client, ["publisher"])
    official = staff(pg_client, factory_of(pg_client), "official")
    demand_id = publish(pg_client, publisher, official)
    runtime = runtime_of(pg_client)
    assert runtime.drain(factory_of(pg_client)) >= 3
    assert isinstance(runtime.matcher().solutions, PostgresIndex)
    assert len(runtime.matcher().solutions) == 2
    ranked = publisher.get(f"/api/v1/demands/{demand_id}/matches").json()
    assert ranked[0]["solution"]["id"] == fitting["id"] and ranked[0]["origin"] == "matcher"


def test_the_search_database_defaults_to_the_platforms_own(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL="postgresql+psycopg://app@db/scenariohub",
        SEARCH_BACKEND="postgres",
        SCENARIOHUB_DATA_DIR=tmp_path,
    )
    assert settings.search_pg_url == "postgresql://app@db/scenariohub"
    other = Settings(  # type: ignore[call-arg]
        DATABASE_URL="sqlite:///x.sqlite3",
        SCENARIOHUB_DATA_DIR=tmp_path,
        SEARCH_BACKEND="postgres",
        SEARCH_DATABASE_URL="postgresql://search@pg/search",
    )
    assert other.search_pg_url == "postgresql://search@pg/search"


def test_postgres_search_on_a_sqlite_platform_needs_its_own_url(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SEARCH_DATABASE_URL"):
        Settings(  # type: ignore[call-arg]
            DATABASE_URL="sqlite:///x.sqlite3",
            SEARCH_BACKEND="postgres",
            SCENARIOHUB_DATA_DIR=tmp_path,
        )
