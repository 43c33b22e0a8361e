from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from backend.config import get_settings
from backend.db.session import make_engine, make_session_factory


def cli_database(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path, *, matcher: bool
) -> sessionmaker[Session]:
    """Point the `scenariohub` commands at this test's database and data folder."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SCENARIOHUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCENARIOHUB_MATCHER", "true" if matcher else "false")
    get_settings.cache_clear()
    return make_session_factory(make_engine(database_url))
