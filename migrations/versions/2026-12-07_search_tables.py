"""search tables: the postgres search engine's schema, where the server has pgvector

SEARCH_BACKEND=postgres keeps the search index in PostgreSQL with pgvector (see
matching/index/postgres.py), by default in the platform's own database. This creates its schema
`scenariohub_search` there: the registry of indexes and, for the demands and the solutions, the
documents (HNSW index on a vector(512), the default model's dimension), postings, term
frequencies and cached weights, with the same DDL the engine runs (`create_statements`).

Skipped cleanly on SQLite and on a PostgreSQL without pgvector, or where this role may not
enable it, unless the settings ask for the postgres engine in this database
(SEARCH_BACKEND=postgres without SEARCH_DATABASE_URL): then it stops with the reason. A separate
SEARCH_DATABASE_URL is not migrated here; the engine creates what is missing there when it
starts, as it also does for another model's dimension.

Revision ID: 20261207s
Revises: 20261207n
Create Date: 2026-12-07
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207s"
down_revision: str | None = "20261207n"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")
SCHEMA = "scenariohub_search"
INDEXES = ("demands", "solutions")
DIMENSION = 512  # the default model's (matching.embedding.use_module.USE_DIMENSION)


def _asked_for() -> bool:
    """Whether the settings put the postgres engine in this database."""
    try:
        from backend.config import Settings

        settings = Settings()  # as the environment says now (get_settings keeps its first)
    except Exception:  # settings that do not validate here are not asking for anything
        return False
    return settings.search_backend == "postgres" and not settings.search_database_url


def _skip(reason: str) -> None:
    if _asked_for():
        raise RuntimeError(
            f"SEARCH_BACKEND=postgres keeps the search index in this database, but {reason}:"
            " install pgvector on the server (e.g. the postgresql-NN-pgvector package) and run"
            " `CREATE EXTENSION vector` once as a superuser, or set SEARCH_DATABASE_URL to a"
            " PostgreSQL that has it"
        )
    log.info("search tables skipped: %s (only SEARCH_BACKEND=postgres needs them)", reason)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        _skip(f"the database is {bind.dialect.name}, not PostgreSQL")
        return
    from matching.index.postgres import create_statements

    installed = bind.execute(
        sa.text("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
    ).scalar()
    if not installed:
        available = bind.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        ).scalar()
        if not available:
            _skip("the server has no pgvector extension")
            return
        try:
            with bind.begin_nested():  # a refusal must not abort the migration's transaction
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS vector"))
        except sa.exc.DBAPIError as exc:
            _skip(f"pgvector is not enabled and this role may not enable it ({exc.orig})")
            return
    for name in INDEXES:
        for statement in create_statements(SCHEMA, name, DIMENSION):
            bind.execute(sa.text(statement))
        bind.execute(
            sa.text(
                f'INSERT INTO "{SCHEMA}".indexes (name, dimension) VALUES (:name, :dimension)'
                " ON CONFLICT (name) DO NOTHING"
            ),
            {"name": name, "dimension": DIMENSION},
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # the index is rebuilt from the platform's tables (`scenariohub reindex`); pgvector stays
        bind.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
