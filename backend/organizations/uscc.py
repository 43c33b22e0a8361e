"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    if len(code) != 18 or any(c not in CHARSET for c in code):
        return False
    return check_character(code[:17]) == code[17]


def normalize_uscc(code: str) -> str:
    return code.strip().upper()
