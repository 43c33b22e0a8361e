"""Alembic environment: the URL comes from the caller (tests, CLI) or from the settings."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

from backend.config import get_settings
from backend.db.base import UTCDateTime
from backend.db.models import Base
from backend.db.session import make_engine, normalize_url

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return normalize_url(
        config.get_main_option("sqlalchemy.url") or get_settings().resolved_database_url
    )


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # migrations stay independent of our Python types: UTCDateTime is a timezone-aware DateTime
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
