"""An attachment's kind comes from its bytes, its name is cleaned, its download header is safe."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from backend.attachments.names import MAX_NAME_CHARS, clean_filename, content_disposition
from backend.attachments.sniff import OLE2, TEXT_PLAIN, sniff
from backend.attachments.storage import LocalStore, TooLarge

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (b"%PDF-1.4\n...", "a.bin", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "a.pdf", "image/png"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "a", "image/jpeg"),
        (b"GIF89a" + bytes(20), "a.gif", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(20), "a.webp", "image/webp"),
        (OLE2 + bytes(600), "报表.xls", "application/vnd.ms-excel"),
        (OLE2 + bytes(600), "旧文档.doc", "application/msword"),
        (OLE2 + bytes(600), "unknown", "application/x-ole-storage"),
        (zipped("[Content_Types].xml", "word/document.xml"), "方案.zip", DOCX),
        (zipped("[Content_Types].xml", "xl/workbook.xml"), "a.xlsx", XLSX),
        (zipped("数据/说明.txt"), "资料.docx", "application/zip"),
        ("需求说明：\n\t预期目标 ≥ 95%\r\n".encode(), "说明.txt", TEXT_PLAIN),
        ("\ufeff带 BOM 的文本".encode(), "a.txt", TEXT_PLAIN),
    ],
)
def test_accepted_kinds_are_known_by_their_content(
    tmp_path: Path, content: bytes, name: str, kind: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(content)
    assert sniff(path, name) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"\x7fELF\x02\x01\x01" + bytes(64),  # a Linux program
        b"MZ\x90\x00" + bytes(64),  # a Windows program
        b"\xcf\xfa\xed\xfe" + bytes(64),  # a macOS program
        b"#!/bin/bash\necho hi\n",  # a script
        b"PK\x03\x04 broken zip",
        "GBK 编码".encode("gbk"),
        b"text with a NUL\x00 inside",
        b"",
    ],
)
def test_programs_scripts_and_unknown_bytes_are_refused_whatever_the_name(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(content)
    assert sniff(path, "可行性研究报告.pdf") is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("储能方案.pdf", "储能方案.pdf"),
        ("C:\\fakepath\\报价单.xlsx", "报价单.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("项目\u202efdp.exe", "项目fdp.exe"),  # a right-to-left override disguises a name
        ("a\x00b\x1f c.txt", "ab c.txt"),
        ('报告"<1>".pdf', "报告__1__.pdf"),
        ("  ...  ", "attachment"),
        (None, "attachment"),
    ],
)
def test_file_names_are_cleaned(raw: str | None, clean: str) -> None:
    assert clean_filename(raw) == clean


def test_a_long_name_is_cut_and_keeps_its_extension() -> None:
    name = clean_filename("长" * 300 + ".pdf")
    assert len(name) == MAX_NAME_CHARS and name.endswith("长.pdf")


def test_the_download_header_carries_an_ascii_fallback_and_the_utf8_name() -> None:
    header = content_disposition("储能 方案(终稿).pdf")
    assert header.isascii()
    fallback, exact = header.split("; ")[1:]
    assert fallback == 'filename="attachment.pdf"'  # nothing ASCII left of the name
    assert unquote(exact.removeprefix("filename*=UTF-8''")) == "储能 方案(终稿).pdf"
    assert content_disposition("report v2.pdf").split("; ")[1] == 'filename="report_v2.pdf"'


def test_the_store_stops_reading_at_the_limit_and_keeps_nothing(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "attachments")

    class Endless(io.RawIOBase):
        read_bytes = 0

        def read(self, size: int = -1) -> bytes:
            self.read_bytes += size
            return b"x" * size

    source = Endless()
    with pytest.raises(TooLarge):
        store.stage(source, max_bytes=200_000)  # type: ignore[arg-type]
    assert source.read_bytes < 400_000
    assert list((tmp_path / "attachments" / "tmp").iterdir()) == []
    staged = store.stage(io.BytesIO(b"%PDF-1.4"), max_bytes=100)
    store.keep(staged)
    with store.open(staged.sha256) as f:
        assert f.read() == b"%PDF-1.4"
