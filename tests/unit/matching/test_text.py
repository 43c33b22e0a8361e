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


def test_latin_compounds_are_cut_at_their_punctuation_and_decimals_stay_whole() -> None:
    tokens = default_tokenizer().tokens(
        "CAR-T细胞治疗，Real-time 监测，NB-IoT 模组，Cat.1 与 0.3mm 精度"
    )
    assert {"car", "real", "time", "nb", "iot", "cat.1", "mm", "细胞", "监测", "精度"} <= set(
        tokens
    )
    assert not {"car-t", "real-time", "nb-iot", "3mm"} & set(tokens)


def test_chinese_is_cut_in_search_mode_with_sub_words() -> None:
    tokens = default_tokenizer().tokens("中华人民共和国的新型储能电站")
    assert {"中华", "华人", "人民", "共和", "共和国", "中华人民共和国"} <= set(tokens)
    assert "储能" in tokens


def test_whole_words_leave_out_the_pieces_search_mode_adds() -> None:
    tokenizer = default_tokenizer()
    assert "化硅" in tokenizer.tokens("车规级碳化硅衬底")
    words = tokenizer.words("车规级碳化硅衬底，碳化硅")
    assert "碳化硅" in words and "衬底" in words and "化硅" not in words
    assert words.count("碳化硅") == 1
