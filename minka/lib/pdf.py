"""Small helpers for printable PDFs, with no domain knowledge.

The fonts ship with the package (DejaVu Sans, see fonts/LICENSE), so a document prints
any name, in Spanish, Quechua or Aymara, typographic apostrophes and dashes included,
on a machine with no fonts and no internet.

Reading a TrueType font and cutting the subset that is embedded in each PDF is most of the
time a small document takes (about 130 ms for DejaVu's 6,000 glyphs, against a few ms of
drawing). So each process reads the fonts once, cut down to the characters Minka's papers
print (REPERTOIRE: some 600 glyphs), and each document gets a fresh copy of that small font
to draw with and subset. A text with a character outside the repertoire (a name in another
script) makes that one document add the whole font as a fallback: it still prints.
"""

import copy
from functools import cache
from io import BytesIO
from pathlib import Path

from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
WHOLE_FONT = "DejaVuWhole"  # the fallback family: every glyph of the files above
MM_PER_PT = 25.4 / 72

_RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 (ñ, º, ¿, ¡) and Latin Extended-A
    (0x02B0, 0x02FF),  # modifier letters: U+02BC, the glottal stop of Quechua and Aymara
    (0x2000, 0x206F),  # punctuation: dashes, quotes, ellipsis, bullets
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike: the numero sign
    (0x2212, 0x2212),  # minus
    (0xFFFD, 0xFFFD),  # replacement character
)
REPERTOIRE = frozenset(c for first, last in _RANGES for c in range(first, last + 1))
# Line breaks and tabs are laid out, never drawn: they need no glyph.
_COVERED = REPERTOIRE | frozenset(map(ord, "\n\r\t"))


@cache
def _small_font(style: str) -> tuple[bytes, TTFFont]:
    """The packaged font cut down to REPERTOIRE, as a file and parsed, once per process.

    Only the glyph set shrinks: outlines, widths, hinting and the font's bounding box stay
    as they are, so a document is drawn exactly as with the whole font (the subset fpdf2
    embeds in each PDF gets its own bounding box when it is written, as before).
    """
    font = ttLib.TTFont(FONT_DIR / FONT_FILES[style], recalcTimestamp=False, recalcBBoxes=False)
    options = ftsubset.Options(
        notdef_outline=True,
        recommended_glyphs=True,
        name_IDs=["*"],
        name_languages=["*"],
        layout_features=[],
    )
    # The tables fpdf2 drops from what it embeds anyway (it does no text shaping here).
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "kern"]
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=REPERTOIRE)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    # TTFFont reads the file it is given; the scratch FPDF only numbers it.
    return data, TTFFont(FPDF(), BytesIO(data), f"{FONT.lower()}{style}", style)  # type: ignore[arg-type]  # fontTools reads a file object as well as a path


def _font_copy(doc: FPDF, style: str) -> TTFFont:
    """A copy of the parsed small font for one document.

    The metrics are shared (read only); what a document changes is its own: the glyphs
    it used, and the fontTools font that fpdf2 subsets in place when it writes the PDF.
    """
    data, parsed = _small_font(style)
    font = copy.copy(parsed)
    font.i = len(doc.fonts) + 1
    font.cw = copy.copy(parsed.cw)  # a defaultdict: reading a missing key writes it
    font.desc = copy.copy(parsed.desc)  # fpdf2 numbers it as an object of the PDF it writes
    font.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    return font


def warm_fonts() -> None:
    """Read the fonts now (e.g. before a server forks its workers), not on the first PDF."""
    for style in FONT_FILES:
        _small_font(style)


class Document(FPDF):
    """An A4 page in millimetres with the packaged font, regular and bold."""

    def __init__(self, *, title: str, lang: str = "es") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style in FONT_FILES:
            self.fonts[f"{FONT.lower()}{style}"] = _font_copy(self, style)
        self._whole_font = False
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

    def line_height(self, factor: float = 1.35) -> float:
        """A comfortable line height in mm for the current font size."""
        return float(self.font_size_pt * MM_PER_PT * factor)

    def rule(self, gap: float = 3) -> None:
        """A thin horizontal line across the page, with some space around it."""
        self.ln(gap)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
