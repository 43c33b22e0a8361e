"""File names: cleaned on the way in, quoted safely on the way out (RFC 6266 / RFC 5987)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME_CHARS = 120
FALLBACK_STEM = "attachment"
# characters Windows refuses in a name, and quotes that would end a header's quoted string
_RESERVED = re.compile(r'[<>:"|?*\\/]')
_SPACES = re.compile(r"\s+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def clean_filename(raw: str | None) -> str:
    """The name as a person would want it kept: no folders, no control or invisible format
    characters (a right-to-left override can disguise `exe.pdf`), no reserved characters,
    at most MAX_NAME_CHARS characters with the extension kept; Chinese stays Chinese."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]  # C:\fakepath\报告.pdf, ../../etc/passwd
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))
    name = _RESERVED.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    if not name:
        return FALLBACK_STEM
    if len(name) <= MAX_NAME_CHARS:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[: MAX_NAME_CHARS - len(extension) - 1].rstrip(" .") + "." + extension
    return name[:MAX_NAME_CHARS].rstrip(" .")


def ascii_fallback(name: str) -> str:
    """A plain-ASCII stand-in for clients that do not read `filename*`: the extension kept."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain_stem = _ASCII_UNSAFE.sub("_", _to_ascii(stem)).strip("._") or FALLBACK_STEM
    plain_extension = _ASCII_UNSAFE.sub("", _to_ascii(extension))
    return f"{plain_stem}.{plain_extension}" if plain_extension else plain_stem


def _to_ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII `filename` and the exact UTF-8 name in `filename*`."""
    exact = quote(name, safe="")
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{exact}"
