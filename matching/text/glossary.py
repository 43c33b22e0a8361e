"""A bilingual glossary of the plan's domains (`glossary.txt`): the keyword side of a query also
looks for the other names of what it names, so that 无人驾驶 finds 自动驾驶 and a Chinese demand
finds an English offer on `silicon carbide` by its words, not only by the embedder's sense."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matching.text.normalize import normalize
from matching.text.tokenize import Tokenizer

GLOSSARY_FILE = Path(__file__).with_name("glossary.txt")


@dataclass(frozen=True)
class _Name:
    words: frozenset[str]  # the whole words a text must contain to name it
    terms: tuple[str, ...]  # the tokens it adds to a query (search mode, as documents are indexed)
    shown: tuple[str, ...]  # the words an explanation may name


class Glossary:
    def __init__(self, tokenizer: Tokenizer, lines: Iterable[str] | None = None) -> None:
        if lines is None:
            lines = GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
        self._groups: list[list[_Name]] = []
        # every name's normalised text → its line's names, for `containing`
        self._names: dict[str, list[_Name]] = {}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            names: list[_Name] = []
            for name in line.split("|"):
                words = tokenizer.words(name)
                if words:
                    names.append(
                        _Name(frozenset(words), tuple(tokenizer.terms(name)), tuple(words))
                    )
                    self._names[normalize(name.strip())] = names
            if len(names) > 1:
                self._groups.append(names)

    def __len__(self) -> int:
        return len(self._groups)

    def containing(
        self, fragment: str, terms: Sequence[str] = (), words: Sequence[str] = ()
    ) -> tuple[tuple[str, ...], list[str]]:
        """`terms` and `words` with those of every line that has a name containing `fragment`:
        for a Chinese fragment its characters (`氢` → 氢能, 加氢站 …), for a Latin one a whole
        word (`hydrogen` → hydrogen fuel cell …, never `ar` in `solar`). A typed search uses it
        to find what a short or broad query begins."""
        fragment = normalize(fragment.strip())
        latin = fragment.isascii()
        lines = [
            names
            for text, names in self._names.items()
            if fragment and ((fragment in text.split()) if latin else (fragment in text))
        ]
        return _joined(terms, words, lines)

    def expand(
        self, terms: Sequence[str], words: Sequence[str]
    ) -> tuple[tuple[str, ...], list[str]]:
        """A query's terms and whole words with the other names of every glossary entry it
        names (all the words of one of the entry's names), each added once."""
        present = set(words) | set(terms)
        named = [names for names in self._groups if any(n.words <= present for n in names)]
        return _joined(terms, words, named)


def _joined(
    terms: Sequence[str], words: Sequence[str], lines: Iterable[list[_Name]]
) -> tuple[tuple[str, ...], list[str]]:
    """`terms` and `words` followed by the lines' names' terms and words, each once, in order."""
    all_terms = dict.fromkeys(terms)
    all_words = dict.fromkeys(words)
    for names in lines:
        for name in names:
            all_terms.update(dict.fromkeys(name.terms))
            all_words.update(dict.fromkeys(name.shown))
    return tuple(all_terms), list(all_words)
