"""The ranking loop's light fit (values only) and the tokenizer's memory of recent texts."""

from __future__ import annotations

import itertools

from matching import DemandDoc, SolutionDoc
from matching.ranking.features import fit_values, structured_fit
from matching.text import Tokenizer

DEMANDS = [
    DemandDoc(
        "d1",
        "需求",
        "",
        field="第三代半导体",
        industry="制造",
        region="苏州市",
        budget_min_wan=100,
        budget_max_wan=300,
        trl_required=7,
    ),
    DemandDoc("d2", "需求", "", field="氢能", region="南京", budget_max_wan=50, trl_required=5),
    DemandDoc("d3", "需求", ""),
]
SOLUTIONS = [
    SolutionDoc(
        "s1",
        "方案",
        "",
        fields=("第三代半导体",),
        industries=("制造", "能源"),
        trl=7,
        regions_served=("江苏省",),
        price_min_wan=200,
        price_max_wan=400,
    ),
    SolutionDoc(
        "s2",
        "方案",
        "",
        fields=("氢能源",),
        trl=6,
        regions_served=("无锡", "常州"),
        price_min_wan=80,
    ),
    SolutionDoc(
        "s3", "方案", "", fields=("半导体材料",), trl=3, regions_served=("苏州",), price_max_wan=20
    ),
    SolutionDoc("s4", "方案", ""),
]


def test_fit_values_equal_the_values_of_the_full_structured_fit() -> None:
    for d, s in itertools.product(DEMANDS, SOLUTIONS):
        assert fit_values(d, s) == structured_fit(d, s).values, (d.id, s.id)


def test_a_text_tokenized_again_gives_the_same_tokens_and_a_list_of_its_own() -> None:
    tokenizer = Tokenizer()
    first = tokenizer.tokens("车规级碳化硅功率模块封装")
    first.append("changed by the caller")
    again = tokenizer.tokens("车规级碳化硅功率模块封装")
    assert again == first[:-1] and "碳化硅" in again
