"""Fusion, structured fit, explanations, metrics and learning: plain functions, no model."""

from __future__ import annotations

import copy
from datetime import date

import numpy as np
import pytest

from matching import DemandDoc, FeedbackRow, Hit, RankerWeights, SolutionDoc, train
from matching.evaluation import evaluate_rankings, mrr, ndcg_at_k, recall_at_k
from matching.ranking import fuse, reciprocal_rank_fusion, structured_fit
from matching.ranking.explain import Paraphrase, explain, salient_terms

DEMAND = DemandDoc(
    id="d1",
    title="储能电站热失控预警",
    description="磷酸铁锂储能电站需要热失控提前预警",
    field="新型储能",
    industry="能源电力",
    region="无锡市",
    budget_min_wan=80,
    budget_max_wan=250,
    trl_required=7,
    keywords=("热失控", "预警"),
    deadline=date(2027, 6, 30),
)


def solution(**kw: object) -> SolutionDoc:
    base: dict[str, object] = dict(
        id="s1",
        title="电池安全监测",
        description="气体与声学多传感预警",
        fields=("新型储能",),
        industries=("储能", "能源"),
        trl=7,
        regions_served=("江苏全省",),
        price_min_wan=60,
        price_max_wan=200,
        keywords=("电池安全",),
    )
    base.update(kw)
    return SolutionDoc(**base)  # type: ignore[arg-type]


def hit(doc_id: str, keyword: float, dense: float, kr: int | None, dr: int | None) -> Hit:
    return Hit(doc_id, keyword, kr, dense, dr, payload={})


def test_fusion_is_pure_and_bounded() -> None:
    hits = [hit("a", 12.0, 0.8, 1, 1), hit("b", 3.0, 0.5, 2, 2), hit("c", 0.0, 0.1, None, 3)]
    before = copy.deepcopy(hits)
    scores = fuse(hits, keyword=0.3, dense=0.7)
    assert hits == before
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores["a"] > scores["b"] > scores["c"]
    rrf = reciprocal_rank_fusion(hits)
    assert hits == before and rrf["a"] > rrf["c"]


def test_everything_fitting_scores_one_on_every_feature() -> None:
    assert structured_fit(DEMAND, solution()).values == {
        "field": 1.0,
        "industry": 0.5,
        "region": 1.0,
        "maturity": 1.0,
        "budget": 1.0,
    }


def test_maturity_shortfall_is_named_in_words() -> None:
    fit = structured_fit(DEMAND, solution(trl=5))
    assert fit.values["maturity"] == 0.0
    assert any(n.zh == "成熟度 TRL 5 < 要求 7" and not n.good for n in fit.notes)


def test_price_above_budget_and_region_outside_lower_the_fit() -> None:
    fit = structured_fit(
        DEMAND, solution(price_min_wan=500, price_max_wan=800, regions_served=("徐州市",))
    )
    assert fit.values["budget"] == pytest.approx(0.5)
    assert fit.values["region"] == 0.0
    assert any(n.zh == "报价 500–800 万元 高于预算 80–250 万元" for n in fit.notes)


def test_unstated_constraints_are_neutral() -> None:
    fit = structured_fit(
        DemandDoc(id="d", title="t", description="d"),
        SolutionDoc(id="s", title="t", description="d"),
    )
    assert set(fit.values.values()) == {0.5}


def test_explanation_lists_terms_paraphrases_constraints_and_parts() -> None:
    zh, en = explain(
        score=0.81,
        parts={"keyword": 0.6, "dense": 0.9, "maturity": 0.0},
        matched_terms=["储能", "储能电站", "预警"],
        paraphrases=[Paraphrase("热失控", "电池安全", 0.7)],
        notes=structured_fit(DEMAND, solution(trl=5)).notes,
    )
    assert "共同关键词：储能电站、预警" in zh
    assert "语义相近：热失控 ≈ 电池安全" in zh
    assert "不符合：成熟度 TRL 5 < 要求 7" in zh
    assert "综合得分 0.81（关键词 0.60，语义 0.90，成熟度 0.00）" in zh
    assert en.startswith("shared terms: 储能电站, 预警")


def test_salient_terms_drop_terms_inside_longer_ones() -> None:
    assert salient_terms(["电池", "储能", "储能电站", "电池管理系统"]) == [
        "电池管理系统",
        "储能电站",
    ]


def test_metrics_on_a_hand_computed_ranking() -> None:
    grades = {"a": 2, "b": 1}
    assert ndcg_at_k(["a", "b", "x"], grades) == pytest.approx(1.0)
    swapped = (1 / 1 + 3 / np.log2(3)) / (3 + 1 / np.log2(3))
    assert ndcg_at_k(["b", "a"], grades) == pytest.approx(swapped)
    assert recall_at_k(["x", "a"], grades, k=1) == 0.0
    assert mrr(["x", "y", "b"], grades) == pytest.approx(1 / 3)
    m = evaluate_rankings({"q1": ["a", "b"], "q2": []}, {"q1": grades, "q2": {"z": 2}})
    assert m.queries == 2 and m.ndcg10 == pytest.approx(0.5)


def test_learned_weights_are_adopted_only_when_they_order_feedback_better() -> None:
    rng = np.random.default_rng(1)
    rows = []
    for _ in range(120):
        maturity = float(rng.integers(0, 2))
        dense = float(rng.random())
        rows.append(
            FeedbackRow(
                {"keyword": float(rng.random()), "dense": dense, "maturity": maturity},
                1.0 if maturity > 0.5 else 0.0,
            )
        )
    report = train(rows, RankerWeights(maturity=0.0))
    assert report.adopted and report.new_accuracy > report.previous_accuracy
    assert report.weights.maturity > 0
    noise = [
        FeedbackRow({"dense": float(rng.random())}, float(rng.integers(0, 2))) for _ in range(60)
    ]
    kept = train(noise, RankerWeights())
    assert kept.adopted is (kept.new_accuracy > kept.previous_accuracy)
    assert train(rows[:5], RankerWeights()).adopted is False


def test_weights_round_trip_through_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = RankerWeights(keyword=0.4, dense=0.6, maturity=0.2)
    w.save(tmp_path / "w.json")
    assert RankerWeights.load(tmp_path / "w.json") == w
    assert RankerWeights.load(tmp_path / "missing.json") == RankerWeights()


def test_deadline_is_named_with_the_days_left_and_not_scored() -> None:
    soon = structured_fit(DEMAND, solution(), today=date(2027, 6, 25))
    assert any(n.zh == "截止日期 2027-06-30，仅剩 5 天" and not n.good for n in soon.notes)
    later = structured_fit(DEMAND, solution(), today=date(2027, 1, 1))
    assert any(n.en == "deadline 2027-06-30, 180 days left" and n.good for n in later.notes)
    assert "deadline" not in later.values
