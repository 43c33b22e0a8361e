"""What a file is, decided by its content (magic bytes), never by its name.

Accepted: PDF; Office documents (OOXML: a zip holding `[Content_Types].xml`; the old binary
formats: an OLE2 compound file); PNG, JPEG, GIF, WEBP; UTF-8 plain text; ZIP. Anything else —
a program (ELF, PE, Mach-O), a script with a `#!` line, an unknown binary — is refused, whatever
its name says. The name only chooses among the kinds the content allows (an OLE2 file named
`.xls` is served as an Excel sheet).
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from backend.attachments.storage import CHUNK_BYTES

HEAD_BYTES = 4096
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADS = (b"PK\x03\x04", b"PK\x05\x06")
TEXT_PLAIN = "text/plain; charset=utf-8"
# programs: refused even where another check might let them through
_PROGRAMS = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows PE / DOS
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # a script for an interpreter
)
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_OLE2_BY_EXTENSION = {
    "doc": "application/msword",
    "dot": "application/msword",
    "xls": "application/vnd.ms-excel",
    "xlt": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "pps": "application/vnd.ms-powerpoint",
}
_OOXML_BY_PART = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
# the C0 control characters plain text does not hold (all but TAB, LF, FF and CR)
_TEXT_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def sniff(path: Path, filename: str) -> str | None:
    """The content type of the file at `path`, or None when it is not a kind we accept."""
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    if not head or head.startswith(_PROGRAMS):
        return None
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    for magic, content_type in _IMAGES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(OLE2):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return _OLE2_BY_EXTENSION.get(extension, "application/x-ole-storage")
    if head.startswith(ZIP_HEADS):
        return _zip_kind(path)
    return TEXT_PLAIN if _is_utf8_text(path) else None


def _zip_kind(path: Path) -> str | None:
    """An OOXML document or a plain ZIP, read from the central directory (nothing unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        for prefix, content_type in _OOXML_BY_PART:
            if any(n.startswith(prefix) for n in names):
                return content_type
        return "application/vnd.openxmlformats-package"  # another OOXML package
    return "application/zip"


def _is_utf8_text(path: Path) -> bool:
    """Valid UTF-8 all through, with no NUL or other control characters a text file lacks."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with path.open("rb") as f:
        try:
            while chunk := f.read(CHUNK_BYTES):
                if not _TEXT_CONTROLS.isdisjoint(chunk):
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True
