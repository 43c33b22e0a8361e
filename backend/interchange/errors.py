"""The one error a whole interchange file is refused with: too big, damaged, or not what it says."""

from __future__ import annotations


class InterchangeError(Exception):
    """Carries a stable `code` and the Chinese line the command prints (without 「导入失败：」)."""

    def __init__(self, code: str, message_zh: str) -> None:
        super().__init__(f"{code}: {message_zh}")
        self.code = code
        self.message_zh = message_zh
