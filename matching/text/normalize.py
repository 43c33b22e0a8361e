from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, one space between words."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text.lower()).strip()
