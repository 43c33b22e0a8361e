"""Explanations a person reads: shared terms, paraphrases found on the dense side, the
constraints that fit and those that do not, and the score parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.ranking.features import Note

PART_LABELS = (
    ("keyword", "关键词", "keywords"),
    ("dense", "语义", "meaning"),
    ("field", "领域", "field"),
    ("industry", "行业", "industry"),
    ("region", "区域", "region"),
    ("maturity", "成熟度", "maturity"),
    ("budget", "预算", "budget"),
)


@dataclass(frozen=True)
class Paraphrase:
    ours: str
    theirs: str
    similarity: float


def salient_terms(terms: Sequence[str], limit: int = 6) -> list[str]:
    """Longest, most specific terms first; a term inside a longer shown one is left out."""
    chosen: list[str] = []
    first = {t: i for i, t in reversed(list(enumerate(terms)))}
    for term in sorted(first, key=lambda t: (-len(t), first[t])):
        if not any(term in longer for longer in chosen):
            chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def explain(
    *,
    score: float,
    parts: dict[str, float],
    matched_terms: Sequence[str],
    paraphrases: Sequence[Paraphrase],
    notes: Sequence[Note],
) -> tuple[str, str]:
    """The explanation in Chinese and in English."""
    zh: list[str] = []
    en: list[str] = []
    terms = salient_terms(matched_terms)
    if terms:
        zh.append("共同关键词：" + "、".join(terms))
        en.append("shared terms: " + ", ".join(terms))
    if paraphrases:
        zh.append("语义相近：" + "；".join(f"{p.ours} ≈ {p.theirs}" for p in paraphrases))
        en.append("similar meaning: " + "; ".join(f"{p.ours} ≈ {p.theirs}" for p in paraphrases))
    elif parts.get("dense", 0.0) >= 0.5 and not terms:
        zh.append("用词不同但整体语义相近")
        en.append("different wording, similar meaning overall")
    good = [n for n in notes if n.good]
    bad = [n for n in notes if not n.good]
    if good:
        zh.append("符合：" + "；".join(n.zh for n in good))
        en.append("fits: " + "; ".join(n.en for n in good))
    if bad:
        zh.append("不符合：" + "；".join(n.zh for n in bad))
        en.append("does not fit: " + "; ".join(n.en for n in bad))
    shown = [(k, z, e) for k, z, e in PART_LABELS if k in parts]
    zh.append(
        f"综合得分 {score:.2f}（" + "，".join(f"{z} {parts[k]:.2f}" for k, z, _ in shown) + "）"
    )
    en.append(f"score {score:.2f} (" + ", ".join(f"{e} {parts[k]:.2f}" for k, _, e in shown) + ")")
    return "。".join(zh) + "。", "; ".join(en) + "."
