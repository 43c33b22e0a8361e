"""`scenariohub match`, `reindex` and `train-ranker` against a real database and index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backend.cli import app
from backend.db.session import transaction
from backend.matches.models import Match, MatchFeedback
from tests.integration.cli.conftest import cli_database

runner = CliRunner()

DEMANDS = [
    {
        "external_id": "D-1",
        "organization": "常州储能运营有限公司",
        "title": "储能电站热失控早期预警",
        "description": "磷酸铁锂储能电站需要在热失控前半小时预警，降低误报，接入运维平台。",
        "field": "新型储能",
        "industry": "能源",
        "region": "常州市",
        "trl_required": 7,
        "keywords": ["热失控", "预警"],
    },
    {
        "external_id": "D-2",
        "organization": "盐城风电运维有限公司",
        "title": "风机叶片缺陷无人机巡检",
        "description": "海上风机叶片靠人工检查效率低，希望无人机自动拍摄并识别裂纹与腐蚀。",
        "field": "通用人工智能",
        "industry": "能源",
        "region": "盐城市",
        "trl_required": 6,
        "keywords": ["叶片", "无人机"],
    },
]
SOLUTIONS = [
    {
        "external_id": "S-1",
        "organization": "南京电池安全实验室",
        "title": "电池簇多传感安全监测系统",
        "description": "氢气、一氧化碳与声发射传感器联合判断电芯异常产气，热失控前 40 分钟报警。",
        "fields": ["新型储能"],
        "industries": ["能源"],
        "trl": 7,
        "keywords": ["电池安全", "气体探测"],
    },
    {
        "external_id": "S-2",
        "organization": "无锡智巡科技有限公司",
        "title": "Drone inspection of wind turbine blades",
        "description": "Autonomous drones photograph blades and a vision model flags cracks, erosion and lightning damage.",
        "fields": ["通用人工智能"],
        "industries": ["能源"],
        "trl": 8,
        "keywords": ["drone", "blade inspection"],
    },
]


@pytest.fixture
def factory(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path
) -> sessionmaker[Session]:
    factory = cli_database(monkeypatch, database_url, tmp_path, matcher=True)
    for name, rows in (("solutions", SOLUTIONS), ("demands", DEMANDS)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
        )
        args = ["import", str(path), "--kind", name] + (["--publish"] if name == "demands" else [])
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return factory


def test_match_prints_rankings_both_ways_with_one_model_load(
    factory: sessionmaker[Session],
) -> None:
    one = runner.invoke(app, ["match", "--demand", "D-1", "--top", "2", "--json"])
    assert one.exit_code == 0, one.output
    rows = json.loads(one.stdout)
    assert rows[0]["external_id"] == "S-1"
    assert set(rows[0]) == {"external_id", "title", "score", "parts", "explanation"}
    many = runner.invoke(
        app, ["match", "--demand", "D-2", "--solution", "S-1", "--json", "--mode", "dense"]
    )
    keyed = json.loads(many.stdout)
    assert keyed["D-2"][0]["external_id"] == "S-2"  # an English offer found by meaning
    assert keyed["S-1"][0]["external_id"] == "D-1"
    # publishing by import already turned the rankings into matcher matches
    with transaction(factory) as session:
        assert session.scalars(select(Match).where(Match.origin == "matcher")).first() is not None


def test_reindex_rebuilds_from_the_database(factory: sessionmaker[Session]) -> None:
    result = runner.invoke(app, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "需求 2 条，方案 2 条" in result.output
    again = runner.invoke(app, ["match", "--demand", "D-1", "--top", "1", "--json"])
    assert json.loads(again.stdout)[0]["external_id"] == "S-1"


def test_train_ranker_keeps_the_weights_without_enough_feedback(
    factory: sessionmaker[Session],
) -> None:
    result = runner.invoke(app, ["train-ranker"])
    assert result.exit_code == 0, result.output
    assert "保留原权重" in result.output


def test_train_ranker_adopts_weights_that_order_feedback_better(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(factory) as session:
        match = session.scalars(select(Match)).first()
        assert match is not None
        for i in range(40):
            good = i % 2 == 0
            session.add(
                MatchFeedback(
                    match_id=match.id,
                    demand_id=match.demand_id,
                    solution_id=match.solution_id,
                    signal="engage" if good else "decline",
                    label=1.0 if good else 0.0,
                    # people went ahead with the mature offers even when the text matched less
                    parts={
                        "keyword": 0.3 if good else 0.7,
                        "dense": 0.3 if good else 0.7,
                        "maturity": 1.0 if good else 0.0,
                        "field": 0.5,
                        "industry": 0.5,
                        "region": 0.5,
                        "budget": 0.5,
                    },
                )
            )
    result = runner.invoke(app, ["train-ranker"])
    assert result.exit_code == 0, result.output
    assert "已采用新权重" in result.output
    assert (tmp_path / "data" / "index" / "ranker_weights.json").exists()
