"""`scenariohub seed-demo`: a living platform — published demands, solutions, users for every role
and items at every workflow stage — and `--if-empty` leaves a used database alone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backend.auth.models import User
from backend.cli import app
from backend.config import get_settings
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.indexing.runtime import MatcherRuntime
from backend.matches.models import Match
from backend.proposals.models import Proposal
from backend.review.models import Application, Score
from backend.scenarios.models import Scenario
from backend.solutions.models import Solution
from tests.integration.cli.conftest import cli_database

runner = CliRunner()
README = Path(__file__).parents[3] / "README.md"


def readme_demo_logins() -> set[str]:
    """The e-mails of the README's demo-login table, `x1@demo.cn` … `x4@demo.cn` spelled out."""
    table = README.read_text(encoding="utf-8").split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    logins: set[str] = set()
    for line in table.splitlines():
        found = re.findall(r"`([a-z.]+?)(\d*)@demo\.cn`", line)
        if "…" in line and len(found) == 2 and found[0][0] == found[1][0]:
            (name, lo), (_, hi) = found
            logins |= {f"{name}{n}@demo.cn" for n in range(int(lo), int(hi) + 1)}
        else:
            logins |= {f"{name}{n}@demo.cn" for name, n in found}
    assert len(logins) >= 20, logins
    return logins


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
        # every login the README's demo table names exists (`a` … `b` spans included)
        emails = set(session.scalars(select(User.email)))
        for login in readme_demo_logins():
            assert login in emails, login
    again = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "跳过" in again.output


def test_every_demo_pairing_is_one_of_its_demands_top_three(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> None:
    """With the matcher on, every pairing at any stage of the demo's pipeline (a proposal, an
    engagement, an application, a scenario) is among the matcher's top 3 for its demand; the
    texts are specific, the experts disagree, and the demands follow their scenarios."""
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=True)
    result = runner.invoke(app, ["seed-demo"])
    assert result.exit_code == 0, result.output
    runtime = MatcherRuntime(get_settings())
    try:
        with transaction(factory) as session:
            paired = list(session.scalars(select(Match).where(Match.origin == "proposal")))
            assert len(paired) == 10
            for match in paired:
                demand = session.get(Demand, match.demand_id)
                assert demand is not None
                top = runtime.rank_solutions(session, demand, limit=3, mode="full")
                assert match.solution_id in [r.object_id for r in top], demand.title
            summaries = [p.summary for p in session.scalars(select(Proposal))]
            assert len(set(summaries)) == len(summaries) == 10
            totals = {s.total for s in session.scalars(select(Score))}
            assert len(totals) >= 10, totals  # no two experts score alike by template
            outcomes = []
            for scenario in session.scalars(select(Scenario)):
                demand = session.get(Demand, scenario.demand_id)
                assert demand is not None and demand.status == "closed", demand.title
                if scenario.stage in ("demonstration", "replicable"):
                    assert scenario.outcomes, scenario.title
                    outcomes.append(scenario.outcomes)
                if scenario.stage == "replicable":
                    assert len(scenario.adopters) >= 2
            assert len(set(outcomes)) == len(outcomes) == 2  # each its own results
            # a closed demand keeps no untouched matcher candidates
            for scenario in session.scalars(select(Scenario)):
                pending = session.scalars(
                    select(Match).where(
                        Match.demand_id == scenario.demand_id,
                        Match.origin == "matcher",
                        Match.status == "proposed",
                    )
                ).all()
                assert pending == [], scenario.title
    finally:
        runtime.close()
