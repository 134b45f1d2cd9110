"""Small helpers for printable PDFs, with no domain knowledge.

The fonts ship with the package (DejaVu Sans, see fonts/LICENSE), so a document prints
any name, in Spanish, Quechua or Aymara, typographic apostrophes and dashes included,
on a machine with no fonts and no internet.
"""

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MM_PER_PT = 25.4 / 72


class Document(FPDF):
    """An A4 page in millimetres with the packaged font, regular and bold."""

    def __init__(self, *, title: str, lang: str = "es") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Minka")
        self.set_lang(lang)
        self.set_font(FONT, "", 12)

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
