"""Render a filled notice to an A4 PDF with an embedded Chinese font (reportlab).

reportlab is pure Python with wheels for every platform and embeds a subset of a
TrueType font, so the PDF reads the same on any machine; WeasyPrint would need
Pango and its system libraries on every web host. The font is a TrueType (or .ttc)
file with Chinese glyphs: the setting DOCUMENT_FONT, or the first of the usual
Debian/Ubuntu paths found (fonts-wqy-zenhei, fonts-noto-cjk, fonts-arphic-uming).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from petitiondesk.core.errors import DomainError

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FONT_NAME = "PetitiondeskCJK"


class NoFont(DomainError):
    """No font with Chinese glyphs is installed or configured."""

    status = 503
    code = "no_font"


@dataclass(frozen=True)
class Page:
    """What goes on the page: title, number, the body's paragraphs, the template stamp."""

    title: str
    number: str
    paragraphs: list[str]
    stamp: str


def font_path() -> Path:
    """Return the font file to embed, or raise NoFont saying how to install one."""
    configured = current_app.config.get("DOCUMENT_FONT")
    candidates = [configured] if configured else FONT_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise NoFont("no font with Chinese characters for the PDF: install fonts-wqy-zenhei "
                 "(apt-get install fonts-wqy-zenhei) or set DOCUMENT_FONT to a .ttf/.ttc file")


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))


def render(page: Page) -> bytes:
    """Return the PDF bytes of one notice."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    base = ParagraphStyle("body", fontName=FONT_NAME, fontSize=12, leading=21,
                          wordWrap="CJK", firstLineIndent=24)
    title = ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER,
                           firstLineIndent=0)
    number = ParagraphStyle("number", parent=base, alignment=TA_RIGHT, firstLineIndent=0)
    stamp = ParagraphStyle("stamp", parent=base, fontSize=7, leading=9, firstLineIndent=0)
    salutation = ParagraphStyle("salutation", parent=base, firstLineIndent=0)
    signature = ParagraphStyle("signature", parent=base, alignment=TA_RIGHT, firstLineIndent=0,
                               spaceBefore=6 * mm)
    story = [Paragraph(_escape(page.title), title), Spacer(1, 4 * mm),
             Paragraph(_escape(page.number), number), Spacer(1, 6 * mm)]
    last = len(page.paragraphs) - 1
    for i, text in enumerate(page.paragraphs):
        # the first block is the salutation, flush left; the last the signature (the
        # issuing body and the date), set right
        style = signature if i == last and i > 0 else salutation if i == 0 else base
        story.append(Paragraph(_escape(text).replace("\n", "<br/>"), style))
        story.append(Spacer(1, 3 * mm))
    story.append(Spacer(1, 10 * mm))
    story.append(Paragraph(_escape(page.stamp), stamp))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"{page.title} {page.number}",
                      leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                      bottomMargin=35 * mm, invariant=1).build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
