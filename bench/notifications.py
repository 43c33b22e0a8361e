"""What announcing matcher candidates adds to the index worker's ranking write.

`refresh_from_matcher` (what the worker calls after ranking a published demand) for D demands
× 20 candidates from 20 providers, first with nothing announced (threshold above every score),
then with the top 5 at or above 0.5 announced to the provider and the publisher. SQLite in a
temporary folder, matcher off (the candidates are given), one process.

    .venv/bin/python -m bench.notifications [D]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.db.session import transaction
from backend.demands.models import Demand
from backend.main import create_app
from backend.matches.service import Candidate, refresh_from_matcher
from backend.notifications.models import Notification
from tests.fixtures.api import demand_body, register, solution_body

FIELDS = (
    "title", "description", "field", "industry", "region", "scenario_tier", "trl_required",
    "cooperation_mode", "keywords", "deadline", "budget_min_wan", "budget_max_wan",
)  # fmt: skip


def main(demands: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    upgrade(url)
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=url,
        SCENARIOHUB_DATA_DIR=tmp / "data",
        SCENARIOHUB_MATCHER=False,
        SCENARIOHUB_FRONTEND_DIST=tmp / "no-dist",
    )
    app = create_app(settings)
    with TestClient(app) as client:
        factory = app.state.session_factory
        publisher = register(client, ["publisher"])
        providers = [register(client, ["provider"]) for _ in range(20)]
        solutions = [
            (
                p.user["organization"]["id"],
                p.post("/api/v1/solutions", solution_body()).json()["id"],
            )
            for p in providers
        ]
        first = publisher.post("/api/v1/demands", demand_body()).json()
        with transaction(factory) as session:
            model = session.get(Demand, first["id"])
            assert model is not None
            values = {k: getattr(model, k) for k in FIELDS}
            rows = [
                Demand(
                    organization_id=model.organization_id,
                    owner_id=model.owner_id,
                    status="published",
                    **values,
                )
                for _ in range(2 * demands)
            ]
            session.add_all(rows)
            session.flush()
            ids = [d.id for d in rows]
        rnd = random.Random(1)

        def rank(batch: list[int], min_score: float) -> float:
            settings.notify_min_score = min_score
            start = time.perf_counter()
            for demand_id in batch:
                candidates = [
                    Candidate(demand_id, sid, org, rnd.uniform(0.3, 0.95), {}, "领域一致", "Same")
                    for org, sid in solutions
                ]
                with transaction(factory) as session:
                    refresh_from_matcher(session, candidates=candidates, stale_demand_id=demand_id)
            return (time.perf_counter() - start) * 1000 / len(batch)

        quiet = rank(ids[:demands], 1.0)
        announced = rank(ids[demands:], 0.5)
        with factory() as session:
            told = session.scalar(select(func.count()).select_from(Notification))
    print(
        f"{demands} demands x 20 candidates: {quiet:.1f} ms per demand without announcements, "
        f"{announced:.1f} ms with ({told} notifications written)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
