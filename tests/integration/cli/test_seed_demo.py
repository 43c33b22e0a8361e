"""`scenariohub seed-demo`: a living platform — published demands, solutions, users for every role
and items at every workflow stage — and `--if-empty` leaves a used database alone."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backend.auth.models import User
from backend.cli import app
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.matches.models import Match
from backend.review.models import Application
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution
from tests.integration.cli.conftest import cli_database

runner = CliRunner()


@pytest.fixture
def factory(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> sessionmaker[Session]:
    return cli_database(monkeypatch, database_url, tmp_path, matcher=False)


def test_seed_demo_builds_a_living_platform(factory: sessionmaker[Session]) -> None:
    result = runner.invoke(app, ["seed-demo"])
    assert result.exit_code == 0, result.output
    with transaction(factory) as session:
        assert session.scalar(select(func.count()).select_from(Demand)) >= 60
        assert session.scalar(select(func.count()).select_from(Solution)) >= 150
        demand_states = Counter(session.scalars(select(Demand.status)))
        assert {"draft", "submitted", "returned", "published"} <= set(demand_states)
        assert demand_states["published"] >= 50
        assert {"proposed", "engaged", "applied"} <= set(session.scalars(select(Match.status)))
        assert {"submitted", "expert_review", "public_notice", "designated", "rejected"} <= set(
            session.scalars(select(Application.status))
        )
        assert {"piloting", "demonstration", "replicable"} <= set(
            session.scalars(select(Scenario.stage))
        )
        roles = {r for user in session.scalars(select(User)) for r in user.roles}
        assert roles == {"publisher", "provider", "official", "expert", "admin"}
    again = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "跳过" in again.output
