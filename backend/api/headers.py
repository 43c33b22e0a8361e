from __future__ import annotations

from typing import Annotated

from fastapi import Header

from backend.errors import invalid_field


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: "3"` (or W/"3", or 3) → 3."""
    if value is None or value.strip() in ("", "*"):
        return None
    raw = value.strip().removeprefix("W/").strip('"')
    try:
        return int(raw)
    except ValueError:
        raise invalid_field(
            "If-Match", "If-Match 应为版本号", "If-Match must be a version number"
        ) from None


def if_match_header(
    if_match: Annotated[str | None, Header(description="乐观锁：记录的 version")] = None,
) -> int | None:
    return parse_if_match(if_match)
