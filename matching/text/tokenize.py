"""jieba segmentation with the plan's domain terms and stop words; English words too."""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jieba

from matching.text.normalize import normalize

_HERE = Path(__file__).parent
_LATIN = re.compile(r"[a-z][a-z0-9\-\+\.]*[a-z0-9\+]|[a-z]|\d+[a-z]+[a-z0-9]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
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
        self._jieba: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def load(self) -> None:
        """Load the dictionary now (at start-up) rather than on the first text."""
        self._segmenter()

    def _segmenter(self) -> jieba.Tokenizer:
        # built on first use, never at import: loading the dictionary takes about a second
        with self._lock:
            if self._jieba is None:
                jieba.setLogLevel(logging.WARNING)
                seg = jieba.Tokenizer()
                seg.tmp_dir = tempfile.gettempdir()
                seg.initialize()
                for term in self._terms:
                    seg.add_word(normalize(term), freq=20000)
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

    def _segment(self, text: str) -> list[str]:
        text = normalize(text)
        out: list[str] = []
        seg = self._segmenter()
        for word in seg.cut_for_search(text):
            word = word.strip()
            if not word or word in self._stop:
                continue
            if _HAN.search(word):
                if len(word) >= 2:
                    out.append(word)
            elif _LATIN.fullmatch(word) and len(word) >= 2:
                out.append(_stem(word))
            elif word.isdigit() is False and len(word) >= 2 and word.isalnum():
                out.append(word)
        return out

    def terms(self, text: str) -> list[str]:
        """The distinct tokens of a query, first occurrence order."""
        return list(dict.fromkeys(self.tokens(text)))


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    return Tokenizer()
