"""The bilingual glossary adds the other names of what a query names, on the keyword side."""

from __future__ import annotations

from matching.text import default_tokenizer
from matching.text.glossary import Glossary


def expanded(text: str, glossary: Glossary | None = None) -> tuple[tuple[str, ...], list[str]]:
    tokenizer = default_tokenizer()
    glossary = glossary or Glossary(tokenizer)
    return glossary.expand(tokenizer.terms(text), tokenizer.words(text))


def test_a_chinese_term_brings_its_synonyms_and_english_names() -> None:
    tokenizer = default_tokenizer()
    terms, words = expanded("无人驾驶矿卡的碳化硅电驱")
    english = tokenizer.terms("autonomous driving, self-driving, silicon carbide, SiC")
    assert {"自动驾驶", *english} <= set(terms)  # English words lightly stemmed, as indexed
    assert "自动驾驶" in words and "silicon" in words


def test_an_english_name_brings_the_chinese_one() -> None:
    terms, _ = expanded("Early warning of thermal runaway in battery energy storage stations")
    assert "热失控" in terms and "储能电站" in terms


def test_a_name_counts_only_when_all_its_words_are_there() -> None:
    terms, _ = expanded("Thermal imaging of crowds")  # `thermal` alone names nothing
    assert "热失控" not in terms


def test_nothing_is_added_twice_and_the_query_keeps_its_order() -> None:
    tokenizer = default_tokenizer()
    glossary = Glossary(tokenizer, ["氢能|hydrogen", "绿氢|green hydrogen"])
    terms, words = glossary.expand(
        tokenizer.terms("绿氢与氢能 hydrogen"), tokenizer.words("绿氢与氢能 hydrogen")
    )
    assert len(terms) == len(set(terms)) and len(words) == len(set(words))
    assert terms[: len(tokenizer.terms("绿氢与氢能 hydrogen"))] == tuple(
        tokenizer.terms("绿氢与氢能 hydrogen")
    )
    assert "green" in terms
    assert len(glossary) == 2


def test_the_shipped_glossary_loads_with_every_line_a_group() -> None:
    assert len(Glossary(default_tokenizer())) >= 95


def test_a_fragment_finds_the_lines_of_the_names_that_contain_it() -> None:
    glossary = Glossary(default_tokenizer())
    terms, words = glossary.containing("氢")
    assert {"氢能", "加氢站", "氢燃料电池"} <= set(words)
    assert "fuel" in terms and "hydrogen" in terms  # the lines' English names come along
    terms, _ = glossary.containing("hydrogen")
    assert "加氢站" in terms and "储氢" in terms
    assert "光伏" not in glossary.containing("ar")[0]  # a Latin fragment must be a whole word
    assert glossary.containing("  ") == ((), [])
