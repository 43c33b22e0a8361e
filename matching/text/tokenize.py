"""jieba segmentation with the plan's domain terms and stop words; English words too.

Segmentation is jieba's algorithm (prefix dictionary, DAG, HMM for unknown words, search mode)
as implemented by jieba-rs (PyPI `rjieba`, MIT) with jieba's own dictionary: on Chinese text it
cuts as the Python `jieba` does, about ten times faster, which matters because every document is
segmented while the model encodes it and every match segments its query. jieba-rs keeps a Latin
compound such as `car-t` or `0.3mm` whole where Python jieba cut it at the punctuation, so such
tokens are cut here by Python jieba's own rule.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from matching.text.normalize import normalize

if TYPE_CHECKING:
    import rjieba

_HERE = Path(__file__).parent
_LATIN = re.compile(r"[a-z][a-z0-9\-\+\.]*[a-z0-9\+]|[a-z]|\d+[a-z]+[a-z0-9]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# the words cut from a token of Latin letters and digits: Python jieba's rule (its skip pattern),
# so that `car-t` gives `car` + `t`, `0.3mm` gives `0.3` + `mm` and `cat.1` stays whole
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:\.\d+)?%?")
# texts whose tokens are kept: a document is segmented when it is indexed and again when it is
# matched right after (publishing a demand does both), which is jieba's work twice
RECENT_TEXTS = 512


def _read_lines(name: str) -> list[str]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _stem(word: str) -> str:
    """A light English stem: plurals and -ing/-ed rarely matter for matching."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Tokenizer:
    """Segments text for BM25: jieba search mode (words and their sub-words), no stop words."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        self._terms = [*_read_lines("domain_terms.txt"), *extra_terms]
        self._stop = frozenset(" ".join(_read_lines("stopwords.txt")).split())
        self._jieba: rjieba.Jieba | None = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def load(self) -> None:
        """Load the dictionary now (at start-up) rather than on the first text."""
        self._segmenter()

    def _segmenter(self) -> rjieba.Jieba:
        # built on first use, never at import: loading the dictionary takes a moment (and the
        # package builds a default segmenter of its own when it is imported)
        with self._lock:
            if self._jieba is None:
                import rjieba

                seg = rjieba.Jieba()
                for term in self._terms:
                    seg.add_word(normalize(term), 20000, None)
                self._jieba = seg
            return self._jieba

    def tokens(self, text: str) -> list[str]:
        """Every indexable token of `text`, in order, repeats kept (BM25 counts them)."""
        with self._lock:
            known = self._recent.get(text)
            if known is not None:
                self._recent.move_to_end(text)
                return list(known)
        out = self._segment(text)
        with self._lock:
            self._recent[text] = tuple(out)
            if len(self._recent) > RECENT_TEXTS:
                self._recent.popitem(last=False)
        return out

    def _segment(self, text: str, mode: str = "search") -> list[str]:
        text = normalize(text)
        out: list[str] = []
        seg = self._segmenter()
        pieces = seg.tokenize(text, mode, True)
        # search mode also gives the dictionary words inside a longer word; inside a Latin
        # compound those are fragments (`1mm` of `0.1mm`): only the outermost is kept, and cut
        # again by jieba's own rule
        latin = sorted((a, -b) for w, a, b in pieces if w.isascii() and not w.isspace())
        inner: set[tuple[int, int]] = set()
        reach = -1
        for a, minus_b in latin:
            if -minus_b <= reach:
                inner.add((a, -minus_b))
            reach = max(reach, -minus_b)
        for word, a, b in pieces:
            if not word.isascii():
                self._keep(word, out)
            elif (a, b) not in inner:
                for part in _LATIN_WORD.findall(word):
                    self._keep(part, out)
        return out

    def _keep(self, word: str, out: list[str]) -> None:
        if not word or word in self._stop:
            return
        if _HAN.search(word):
            if len(word) >= 2:
                out.append(word)
        elif _LATIN.fullmatch(word) and len(word) >= 2:
            out.append(_stem(word))
        elif word.isdigit() is False and len(word) >= 2 and word.isalnum():
            out.append(word)

    def terms(self, text: str) -> list[str]:
        """The distinct tokens of a query, first occurrence order."""
        return list(dict.fromkeys(self.tokens(text)))

    def words(self, text: str) -> list[str]:
        """The distinct whole words of `text` (jieba's default mode, without the search mode's
        words inside longer words): what an explanation may name. `碳化硅` is a word of
        「碳化硅衬底」, its piece `化硅` is not."""
        return list(dict.fromkeys(self._segment(text, "default")))


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    return Tokenizer()
