"""How much an import may ask of the machine, checked before a parser touches the file."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from backend.interchange.errors import InterchangeError

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_UNCOMPRESSED_BYTES = 200 * MB  # all members of an XLSX together, as their headers declare
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1 * MB  # a smaller member cannot hurt, however well it compresses
MAX_ROWS = 50_000


@dataclass(frozen=True)
class ImportLimits:
    max_file_bytes: int = MAX_FILE_BYTES
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    max_rows: int = MAX_ROWS


DEFAULT_LIMITS = ImportLimits()

NOT_XLSX = "文件不是有效的 XLSX 工作簿"


def _mb(n: float) -> str:
    return f"{n / MB:g} MB"


def check_file_size(path: Path, limits: ImportLimits) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InterchangeError("interchange.unreadable", f"无法读取文件 {path.name}") from exc
    if size > limits.max_file_bytes:
        raise InterchangeError(
            "interchange.file_too_large",
            f"文件大小 {size / MB:.1f} MB，超过 {_mb(limits.max_file_bytes)} 的上限",
        )


def check_archive(path: Path, limits: ImportLimits) -> None:
    """Refuse an XLSX whose members would unpack to too much (a zip bomb) from the zip headers.

    The declared sizes are what a reader unpacks at most: Python's zipfile stops at a member's
    declared size and fails its CRC check if the data goes on.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InterchangeError("interchange.not_xlsx", NOT_XLSX) from exc
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise InterchangeError(
            "interchange.uncompressed_too_large",
            f"工作簿解压后 {total / MB:.0f} MB，超过 {_mb(limits.max_uncompressed_bytes)} 的上限",
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > limits.max_compression_ratio:
            raise InterchangeError(
                "interchange.compression_ratio",
                f"工作簿内容压缩比 {ratio:.0f}:1 异常（上限 {limits.max_compression_ratio:g}:1），"
                "疑似压缩炸弹",
            )


def check_row_count(count: int, limits: ImportLimits) -> None:
    if count > limits.max_rows:
        raise InterchangeError(
            "interchange.too_many_rows", f"数据超过 {limits.max_rows} 行的上限，请拆分后再导入"
        )
