"""Search for what someone typed (the public demand search): the matcher's two sides, with the
glossary on the keyword side, and a clear answer when nothing fits."""

from __future__ import annotations

from matching.index.base import Query, SearchIndex, Vector
from matching.ranking.fusion import dense_norm, fuse, keyword_norm
from matching.ranking.weights import RankerWeights
from matching.text import Tokenizer
from matching.text.glossary import Glossary
from matching.types import SearchHit, SearchResult

# a typed search lists the documents with keyword evidence at least this share of the best one's
# (a lone shared piece such as 电池 of 燃料电池 is not a find) and those close in meaning: a
# rescaled cosine (`dense_norm`) at least this high
SEARCH_KEYWORD_MIN = 0.25
SEARCH_DENSE_MIN = 0.5
# documents offered when nothing fits a typed search
SEARCH_NEAREST = 5


def typed_search(
    index: SearchIndex,
    *,
    text: str,
    vector: Vector,
    tokenizer: Tokenizer,
    glossary: Glossary,
    weights: RankerWeights,
    limit: int,
) -> SearchResult:
    """The documents of `index` for what someone typed, most relevant first: the keyword side with
    the glossary's other names and, for a one-word query or one that names no entry, the names
    it is part of (`氢` → 氢能, 加氢站 …), fused with the dense side as in matching. With nothing
    that fits, the nearest few, flagged as such."""
    plain, whole = tokenizer.terms(text), tokenizer.words(text)
    terms, words = glossary.expand(plain, whole)
    if len(terms) == len(plain) or len(whole) <= 1:
        # a one-word query, or one that names no glossary entry, also looks for the names it
        # is part of (氢 → 氢能, 加氢站 …; hydrogen → hydrogen fuel cell …); a query that
        # names an entry in several words (cell therapy) is not widened
        terms, words = glossary.containing(text, terms, words)
    hits = index.search(Query(text, vector, limit, terms=terms))
    fused = fuse(hits, keyword=weights.keyword, dense=weights.dense)
    found, close = keyword_norm(hits), dense_norm(hits)
    ranked = sorted(hits, key=lambda h: (-fused[h.id], h.id))
    fitting = [
        h
        for h in ranked
        if (h.keyword > 0 and found[h.id] >= SEARCH_KEYWORD_MIN) or close[h.id] >= SEARCH_DENSE_MIN
    ][:limit]
    nearest = not fitting
    shown = ranked[:SEARCH_NEAREST] if nearest else fitting
    matched = index.matched_terms(words, [h.id for h in shown])
    return SearchResult(
        tuple(
            SearchHit(h.id, round(fused[h.id], 4), h.keyword, h.dense, matched.get(h.id, ()))
            for h in shown
        ),
        nearest=nearest,
    )
