"""Small helpers for printable PDFs, with no domain knowledge.

The fonts ship with the package (DejaVu Sans, see fonts/LICENSE), so a document prints
any name, in Spanish, Quechua or Aymara, typographic apostrophes and dashes included,
on a machine with no fonts and no internet.

Each process reads the fonts once, cut down to the characters Minka's papers print
(REPERTOIRE), and each document gets a fresh copy of that small font to draw with; the
font embedded in its PDF is put together from bytes prepared once (minka.lib.pdf_fonts).
A text with a character outside the repertoire (a name in another script) makes that one
document add the whole font as a fallback, which fpdf2 subsets as usual: it still prints.
"""

import copy

from fpdf import FPDF

from minka.lib.pdf_fonts import (
    FONT,
    FONT_DIR,
    FONT_FILES,
    REPERTOIRE,
    GlyphIdMap,
    PackagedFont,
    PackagedFontsOutput,
    font_program,
    small_font,
)

__all__ = ["FONT", "REPERTOIRE", "WHOLE_FONT", "Document", "warm_fonts"]

WHOLE_FONT = "DejaVuWhole"  # the fallback family: every glyph of the files above
MM_PER_PT = 25.4 / 72
# Line breaks and tabs are laid out, never drawn: they need no glyph.
_COVERED = REPERTOIRE | frozenset(map(ord, "\n\r\t"))


def _font_copy(doc: FPDF, style: str) -> PackagedFont:
    """A copy of the parsed small font for one document.

    The metrics and the parsed font file are shared (read only); what a document changes
    is its own: the glyphs it used.
    """
    _data, parsed = small_font(style)
    font = copy.copy(parsed)
    font.i = len(doc.fonts) + 1
    font.cw = copy.copy(parsed.cw)  # a defaultdict: reading a missing key writes it
    font.desc = copy.copy(parsed.desc)  # fpdf2 numbers it as an object of the PDF it writes
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = GlyphIdMap(font)
    return font


def warm_fonts() -> None:
    """Read the fonts now (e.g. before a server forks its workers), not on the first PDF."""
    for style in FONT_FILES:
        small_font(style)
        font_program(style)


class Document(FPDF):
    """An A4 page in millimetres with the packaged font, regular and bold."""

    def __init__(self, *, title: str, lang: str = "es") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style in FONT_FILES:
            self.fonts[f"{FONT.lower()}{style}"] = _font_copy(self, style)
        self._whole_font = False
        self._lines: dict[tuple[str, float, float, str], list[str]] = {}
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Minka")
        self.set_lang(lang)
        self.set_font(FONT, "", 12)

    def normalize_text(self, text: str) -> str:
        # Every text fpdf2 measures or draws passes here first.
        if not self._whole_font and not _COVERED.issuperset(map(ord, text)):
            self._add_whole_font()
        return str(super().normalize_text(text))

    def _add_whole_font(self) -> None:
        self._whole_font = True
        for style, name in FONT_FILES.items():
            self.add_font(WHOLE_FONT, style, FONT_DIR / name)
        self.set_fallback_fonts([WHOLE_FONT])

    @property
    def content_width(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def text_font(self, size: float, *, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)

    def fit_font(self, text: str, width: float, size: float, *, bold: bool = False) -> None:
        """The font at `size`, or smaller (down to 8 pt) until `text` fits in `width` mm."""
        self.text_font(size, bold=bold)
        while size > 8 and self.get_string_width(text) > width - 2 * self.c_margin:
            size -= 1
            self.text_font(size, bold=bold)

    def fits(self, text: str, width: float) -> bool:
        """Whether `text` stands on one line of a cell `width` mm wide, as multi_cell
        would lay it out (a cell keeps c_margin clear on each side)."""
        return "\n" not in text and self.get_string_width(text) <= width - 2 * self.c_margin

    def lines(self, width: float, text: str) -> list[str]:
        """The lines multi_cell would break `text` into in a cell `width` mm wide.

        Most texts on Minka's papers fit on one line: one measurement says so, where
        fpdf2's line breaking measures every character (a third of a receipt's time)."""
        key = (self.font_family + self.font_style, self.font_size_pt, width, text)
        if key not in self._lines:  # a table is measured before it is drawn
            if self.fits(text, width):
                self._lines[key] = [text]
            else:
                lines = self.multi_cell(width, 1, text, dry_run=True, output="LINES")
                self._lines[key] = lines if isinstance(lines, list) and lines else [text]
        return self._lines[key]

    def paragraph(self, width: float, height: float, text: str, *, align: str = "L") -> None:
        """multi_cell from the left margin down to the next line, drawn as one cell when
        the text fits on one line (the same output, without the line breaking)."""
        if self.fits(text, width):
            self.cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            self.multi_cell(width, height, text, align=align, new_x="LMARGIN")

    def line_height(self, factor: float = 1.35) -> float:
        """A comfortable line height in mm for the current font size."""
        return float(self.font_size_pt * MM_PER_PT * factor)

    def rule(self, gap: float = 3) -> None:
        """A thin horizontal line across the page, with some space around it."""
        self.ln(gap)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def to_bytes(self) -> bytes:
        return bytes(self.output(output_producer_class=PackagedFontsOutput))
