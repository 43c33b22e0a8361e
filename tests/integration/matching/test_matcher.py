"""The façade the platform calls: both directions, near-duplicates, explanations, persistence."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from matching import MODES, DemandDoc, Embedder, Matcher, RankerWeights, SolutionDoc

DEMAND = DemandDoc(
    id="d-storage",
    title="储能电站电池热失控早期预警",
    description="磷酸铁锂储能电站现有BMS只看电压温度，希望提前30分钟发现热失控征兆，接入运维平台。",
    field="新型储能",
    industry="能源电力",
    region="无锡市",
    budget_min_wan=80,
    budget_max_wan=250,
    trl_required=7,
    keywords=("热失控", "早期预警", "储能电站"),
)

SOLUTIONS = [
    SolutionDoc(
        id="s-gas",
        title="Early warning of thermal runaway in battery energy storage",
        description="Multi-gas and acoustic sensors detect venting of lithium cells minutes before "
        "thermal runaway; retrofit kits for containerised storage stations.",
        fields=("新型储能",),
        industries=("能源电力",),
        trl=8,
        regions_served=("江苏全省",),
        price_min_wan=60,
        price_max_wan=200,
        keywords=("thermal runaway", "early warning", "gas sensing"),
    ),
    SolutionDoc(
        id="s-immature",
        title="储能电池热失控预警算法",
        description="基于电压温度数据的储能电站热失控预警模型，实验室验证阶段。",
        fields=("新型储能",),
        industries=("能源电力",),
        trl=4,
        regions_served=("徐州市",),
        price_min_wan=300,
        price_max_wan=500,
        keywords=("热失控", "预警算法"),
    ),
    SolutionDoc(
        id="s-classroom",
        title="课堂教学行为智能分析",
        description="中小学课堂视频分析学生抬头率与互动情况，生成教学质量报告。",
        fields=("通用人工智能",),
        industries=("教育",),
        trl=8,
        regions_served=("南京市",),
        price_min_wan=20,
        price_max_wan=60,
        keywords=("课堂分析", "教学评价"),
    ),
]


@pytest.fixture()
def matcher(embedder: Embedder, tmp_path: Path) -> Matcher:
    m = Matcher(embedder, tmp_path / "index")
    m.upsert_solutions(SOLUTIONS)
    m.upsert_demands([DEMAND])
    return m


def test_solutions_for_a_demand_come_best_first_with_scores_in_the_unit_range(
    matcher: Matcher,
) -> None:
    ranked = matcher.rank_solutions(DEMAND, limit=3)
    assert {r.id for r in ranked[:2]} == {"s-gas", "s-immature"}
    assert ranked[-1].id == "s-classroom"
    assert all(0.0 <= r.score <= 1.0 for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert {"keyword", "dense", "text", "maturity", "budget"} <= set(ranked[0].parts)


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_ranks_within_the_limit(matcher: Matcher, mode: str) -> None:
    ranked = matcher.rank_solutions(DEMAND, limit=2, mode=mode)  # type: ignore[arg-type]
    assert 1 <= len(ranked) <= 2 and all(0.0 <= r.score <= 1.0 for r in ranked)


def test_bm25_mode_ranks_the_exact_term_match_first(matcher: Matcher) -> None:
    assert matcher.rank_solutions(DEMAND, limit=3, mode="bm25")[0].id == "s-immature"


def test_explanation_names_the_trl_shortfall_in_both_languages(matcher: Matcher) -> None:
    immature = next(r for r in matcher.rank_solutions(DEMAND, limit=3) if r.id == "s-immature")
    assert "成熟度 TRL 4 < 要求 7" in immature.explanation
    assert "maturity TRL 4 < required 7" in immature.explanation_en
    assert "共同关键词" in immature.explanation and "热失控" in immature.explanation


def test_explanation_shows_a_paraphrase_found_on_the_dense_side(matcher: Matcher) -> None:
    best = next(r for r in matcher.rank_solutions(DEMAND, limit=3) if r.id == "s-gas")
    assert "早期预警 ≈ early warning" in best.explanation
    assert "预算 80–250 万元 与报价 60–200 万元 有交集" in best.explanation
    assert "服务区域覆盖无锡市" in best.explanation


def test_demands_for_a_solution_leave_out_past_deadlines(matcher: Matcher) -> None:
    past = DemandDoc(
        id="d-expired",
        title=DEMAND.title,
        description=DEMAND.description,
        keywords=DEMAND.keywords,
        deadline=date.today() - timedelta(days=1),
    )
    matcher.upsert_demands([past])
    ranked = matcher.rank_demands(SOLUTIONS[0], limit=5)
    assert [r.id for r in ranked] == ["d-storage"]
    assert ranked[0].explanation_en


def test_similar_demands_warns_of_a_near_duplicate_and_not_of_unrelated_ones(
    matcher: Matcher,
) -> None:
    near = matcher.similar_demands("储能电站电池热失控提前预警，磷酸铁锂电站", limit=3)
    assert [r.id for r in near] == ["d-storage"]
    assert matcher.similar_demands("中小学课堂教学质量分析", limit=3, min_score=0.45) == []


def test_deleted_solution_is_no_longer_ranked(matcher: Matcher) -> None:
    matcher.delete_solution("s-gas")
    assert "s-gas" not in [r.id for r in matcher.rank_solutions(DEMAND, limit=3)]


def test_index_and_weights_survive_a_restart(embedder: Embedder, tmp_path: Path) -> None:
    first = Matcher(embedder, tmp_path / "index")
    first.upsert_solutions(SOLUTIONS)
    first.set_weights(RankerWeights(keyword=0.4, dense=0.6))
    reopened = Matcher(embedder, tmp_path / "index")
    assert reopened.weights == RankerWeights(keyword=0.4, dense=0.6)
    assert {r.id for r in reopened.rank_solutions(DEMAND, limit=2)} == {"s-gas", "s-immature"}
    reopened.clear()
    assert reopened.rank_solutions(DEMAND, limit=3) == []


def test_concurrent_writes_and_reads_keep_the_index_consistent(
    embedder: Embedder, tmp_path: Path
) -> None:
    m = Matcher(embedder, tmp_path / "index")
    m.upsert_solutions(SOLUTIONS)  # encode once; the threads below hit the cache
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(20):
                doc = SOLUTIONS[(k + i) % len(SOLUTIONS)]
                m.upsert_solutions([doc])
                m.rank_solutions(DEMAND, limit=3)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(m.solutions) == len(SOLUTIONS)
    reopened = Matcher(embedder, tmp_path / "index")
    assert len(reopened.solutions) == len(SOLUTIONS)
    assert reopened.rank_solutions(DEMAND, limit=3)[-1].id == "s-classroom"


def test_explanations_name_whole_words_of_the_query_never_their_pieces(
    embedder: Embedder, tmp_path: Path
) -> None:
    matcher = Matcher(embedder, tmp_path)
    matcher.upsert_solutions(
        [
            SolutionDoc(id="s-sic", title="车规级碳化硅衬底", description="六英寸碳化硅衬底量产"),
            SolutionDoc(id="s-si3n4", title="氮化硅陶瓷轴承", description="氮化硅陶瓷球与轴承"),
        ]
    )
    demand = DemandDoc(id="d-sic", title="碳化硅衬底国产化", description="需要碳化硅衬底供应")
    ranked = {r.id: r for r in matcher.rank_solutions(demand, limit=5, mode="bm25")}
    assert "碳化硅" in ranked["s-sic"].explanation and "衬底" in ranked["s-sic"].explanation
    # 氮化硅 shares only the search-mode piece 化硅 with 碳化硅: it scores a little, but no
    # explanation names a piece of a word
    assert "化硅" not in ranked["s-si3n4"].explanation.replace("碳化硅", "")
    assert "化硅" not in ranked["s-sic"].explanation.replace("碳化硅", "")


def test_the_glossary_lets_a_chinese_demand_find_an_english_offer_by_its_words(
    embedder: Embedder, tmp_path: Path
) -> None:
    matcher = Matcher(embedder, tmp_path)
    matcher.upsert_solutions(
        [
            SolutionDoc(
                id="s-en",
                title="Silicon carbide substrates for automotive power modules",
                description="Six-inch SiC substrates with low micropipe density.",
            ),
            SolutionDoc(id="s-other", title="课堂教学行为分析", description="中小学课堂视频分析"),
        ]
    )
    demand = DemandDoc(
        id="d-sic", title="碳化硅衬底国产化", description="车规级功率模块用碳化硅衬底"
    )
    ranked = matcher.rank_solutions(demand, limit=5, mode="bm25")
    assert [r.id for r in ranked] == ["s-en"]
    assert "silicon" in ranked[0].explanation_en or "substrate" in ranked[0].explanation_en


def _search_matcher(embedder: Embedder, tmp_path: Path) -> Matcher:
    matcher = Matcher(embedder, tmp_path)
    matcher.upsert_demands(
        [
            DemandDoc(id="d-h2", title="港口氢燃料电池集卡示范运营", description="需要加氢站配套"),
            DemandDoc(id="d-auto", title="露天矿无人驾驶运输", description="矿卡编组自主运行"),
            DemandDoc(id="d-edu", title="课堂教学质量分析", description="中小学课堂视频分析"),
        ]
    )
    return matcher


def test_a_typed_search_finds_synonyms_english_and_one_character_queries(
    embedder: Embedder, tmp_path: Path
) -> None:
    matcher = _search_matcher(embedder, tmp_path)
    for query, expected in (
        ("自动驾驶", "d-auto"),
        ("autonomous driving", "d-auto"),
        ("hydrogen", "d-h2"),
        ("氢", "d-h2"),
        ("燃料电池", "d-h2"),
    ):
        result = matcher.search_demands(query)
        assert not result.nearest, query
        assert result.hits[0].id == expected, query
        assert result.hits[0].keyword > 0, query
    assert "无人驾驶" in matcher.search_demands("自动驾驶").hits[0].words
    assert "d-edu" not in [h.id for h in matcher.search_demands("氢").hits]


def test_a_search_that_fits_nothing_offers_the_nearest_flagged_as_such(
    embedder: Embedder, tmp_path: Path
) -> None:
    matcher = _search_matcher(embedder, tmp_path)
    result = matcher.search_demands("zzqx")
    assert result.nearest and 0 < len(result.hits) <= 3
