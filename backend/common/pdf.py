"""Official documents as PDF: A4, the document's head (发文单位, title, 文号, date) at the top,
numbered pages.

reportlab's built-in CID font STSong-Light renders Chinese without a font file and keeps the
text extractable. Everything a person typed goes in as text: it is escaped for the Paragraph
markup, so `<b>` in a demand's title prints as `<b>`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
BEIJING = timezone(timedelta(hours=8), "CST")  # a Chinese document is dated in Beijing time
MARGIN = 20 * mm


@dataclass(frozen=True)
class DocumentHead:
    title: str
    issuing_body: str | None
    document_number: str | None
    issued_on: date | None


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs (plain text; line breaks are kept)."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Rows:
    """A table: the header row, then one row of plain text per item."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width, summing to 1


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK")
    return {
        "body": body,
        "issuer": ParagraphStyle(
            "issuer", parent=body, fontSize=16, leading=24, alignment=TA_CENTER
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=4
        ),
        "meta": ParagraphStyle("meta", parent=body, alignment=TA_CENTER, spaceAfter=12),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=13, leading=22, spaceBefore=8, spaceAfter=2
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=13),
    }


def text(value: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in value.splitlines()) or ""


def _head(head: DocumentHead, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    if head.issuing_body:
        out.append(Paragraph(text(head.issuing_body), styles["issuer"]))
        out.append(Spacer(1, 4 * mm))
    out.append(Paragraph(text(head.title), styles["title"]))
    meta = [
        head.document_number or "",
        f"{head.issued_on.year}年{head.issued_on.month}月{head.issued_on.day}日"
        if head.issued_on
        else "",
    ]
    if any(meta):
        out.append(Paragraph(text("　　".join(m for m in meta if m)), styles["meta"]))
    return out


def _table(rows: Rows, styles: dict[str, ParagraphStyle], width: float) -> Table:
    data = [[Paragraph(text(c), styles["cell"]) for c in row] for row in (rows.headers, *rows.rows)]
    table = Table(data, colWidths=[f * width for f in rows.widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def render(head: DocumentHead, blocks: Sequence[Section | Rows]) -> bytes:
    """The document as PDF bytes."""
    styles = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=head.title,
        author=head.issuing_body or "",
    )
    story = _head(head, styles)
    for block in blocks:
        if isinstance(block, Rows):
            story.append(_table(block, styles, doc.width))
            continue
        story.append(Paragraph(text(block.heading), styles["heading"]))
        story.extend(Paragraph(text(p), styles["body"]) for p in block.paragraphs)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()
