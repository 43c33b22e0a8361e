"""Segmentation: domain terms stay whole, stop words go, full width and English are handled."""

from __future__ import annotations

from matching import query_terms
from matching.text import default_tokenizer, normalize


def test_full_width_and_case_are_normalised() -> None:
    assert normalize("ＢＭＳ　电池  Ｐａｃｋ") == "bms 电池 pack"


def test_domain_terms_are_kept_whole() -> None:
    tokens = default_tokenizer().tokens("车规级碳化硅功率模块与氮化镓快充，氢燃料电池重卡")
    for term in ("碳化硅", "氮化镓", "氢燃料电池", "功率模块"):
        assert term in tokens


def test_stop_words_and_single_characters_are_dropped() -> None:
    tokens = default_tokenizer().tokens("我们希望通过基于大模型的方法实现质检")
    assert "我们" not in tokens and "希望" not in tokens and "的" not in tokens
    assert "大模型" in tokens and "质检" in tokens


def test_english_is_tokenised_and_lightly_stemmed() -> None:
    tokens = default_tokenizer().tokens("Detecting cracks in wind turbine blades with drones")
    assert {"detect", "crack", "wind", "turbine", "blade", "drone"} <= set(tokens)
    assert "with" not in tokens


def test_query_terms_are_distinct_in_first_seen_order() -> None:
    terms = query_terms("储能 储能电站 储能")
    assert terms.count("储能") == 1
    assert terms.index("储能") < terms.index("储能电站")
