"""The signing key: a real secret outside development; a per-install one kept in the data folder
in development; the old shared constant nowhere."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.config import Settings

OLD_SHARED_KEY = "dev-only-secret-change-me-in-production-0123456789"
REAL_KEY = "k" * 16 + "3f9c1e7a5b2d4c6e8f0a"


def settings_for(tmp_path: Path, **env: object) -> Settings:
    return Settings(SCENARIOHUB_DATA_DIR=tmp_path / "data", **env)  # type: ignore[call-arg]


@pytest.mark.parametrize("environment", ["production", "staging", "prod ", "Development", ""])
def test_outside_development_the_server_refuses_to_start_without_a_secret(
    tmp_path: Path, environment: str
) -> None:
    with pytest.raises(ValidationError, match="SCENARIOHUB_SECRET_KEY"):
        settings_for(tmp_path, SCENARIOHUB_ENV=environment)
    with pytest.raises(ValidationError, match="SCENARIOHUB_SECRET_KEY"):
        settings_for(tmp_path, SCENARIOHUB_ENV=environment, SCENARIOHUB_SECRET_KEY="short")
    assert not (tmp_path / "data" / "secret_key").exists()


@pytest.mark.parametrize("environment", ["production", "development"])
def test_the_old_shared_constant_is_refused_everywhere(tmp_path: Path, environment: str) -> None:
    with pytest.raises(ValidationError, match="old shared development key"):
        settings_for(tmp_path, SCENARIOHUB_ENV=environment, SCENARIOHUB_SECRET_KEY=OLD_SHARED_KEY)


def test_a_real_secret_is_accepted_in_production(tmp_path: Path) -> None:
    s = settings_for(tmp_path, SCENARIOHUB_ENV="production", SCENARIOHUB_SECRET_KEY=REAL_KEY)
    assert s.secret_key == REAL_KEY
    assert not (tmp_path / "data" / "secret_key").exists()


def test_development_makes_a_private_secret_once_and_keeps_it(tmp_path: Path) -> None:
    first = settings_for(tmp_path)
    path = tmp_path / "data" / "secret_key"
    assert path.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 32 and first.secret_key != OLD_SHARED_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = settings_for(tmp_path)
    assert again.secret_key == first.secret_key  # tokens survive a restart
    other_install = settings_for(tmp_path / "elsewhere")
    assert other_install.secret_key != first.secret_key


def test_a_secret_that_is_set_wins_over_the_stored_one_in_development(tmp_path: Path) -> None:
    settings_for(tmp_path)
    assert settings_for(tmp_path, SCENARIOHUB_SECRET_KEY=REAL_KEY).secret_key == REAL_KEY


def test_a_truncated_secret_file_is_refused_not_used(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("abc")
    with pytest.raises(ValidationError, match="secret_key"):
        settings_for(tmp_path)
