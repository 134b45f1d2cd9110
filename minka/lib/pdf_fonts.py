"""The packaged fonts, read once per process and embedded in each PDF in a fraction of a ms.

Cutting the subset of a TrueType font that is embedded in each PDF was most of the time
a small document took: about 130 ms to parse DejaVu's 6,000 glyphs, or, with the fonts cut
down to the characters Minka's papers print (REPERTOIRE: some 600 glyphs), still 10 to
30 ms per document in fontTools, which fpdf2 asks to subset the font again and to
recompute every glyph's bounding box.

So the fonts are cut for papers ahead of time (CUT_FONT_FILES, with the tables fpdf2 keeps
when it embeds a font), and each process takes them apart once into their tables and
their glyphs' outlines as bytes (FontProgram). A document's font is that program with the
outlines of the glyphs it does not use left empty: every glyph keeps its number, so no
table but the outlines and their index changes, putting it together is copying bytes, and
the codes drawn are the glyph numbers (GlyphIdMap). The PDF objects around it are those
fpdf2 writes (PackagedFontsOutput), so a reader sees the same fonts, widths and text.
"""

import logging
import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools import subset as ftsubset
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import Glyph, SubsetMap, TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFContentStream,
    PDFFont,
    PDFFontStream,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray

LOGGER = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CUT_FONT_FILES = {"": "DejaVuSans-papers.ttf", "B": "DejaVuSans-Bold-papers.ttf"}

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

# The tables fpdf2 drops from every font it embeds (fpdf/output.py, _add_fonts).
SPACE = 0x20
_DROPPED_TABLES = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT",
                   "CBLC", "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR"]  # fmt: skip


class PackagedFont(TTFFont):
    """A packaged font, parsed once per process; each document draws with its own copy."""

    __slots__ = ("style",)

    def __init__(self, data: bytes, style: str) -> None:
        # TTFFont reads the file it is given; the scratch FPDF only numbers it.
        super().__init__(FPDF(), BytesIO(data), f"{FONT.lower()}{style}", style)  # type: ignore[arg-type]  # fontTools reads a file object as well as a path
        self.style = style

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> tuple[int, float]:
        # fpdf2 measures the whole line again for each character it adds to it: this sum is
        # most of the time a page takes to lay out, so it runs in C (same result as fpdf2's).
        if text_shaping_params or self.is_symbol:
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        return len(text), sum(map(self.cw.__getitem__, map(ord, text))) * font_size_pt * 0.001


class GlyphIdMap(SubsetMap):
    """The codes a document draws its packaged font with: each glyph's own number.

    fpdf2 numbers the glyphs a document uses 1, 2, 3... in the order it meets them; as a
    packaged font keeps every glyph's number (see FontProgram), the code of a glyph is its
    number, so the table from codes to glyphs is the same in every document. One swap:
    the space keeps code 32, which fpdf2 writes as such to space out justified text.
    """

    def __init__(self, font: TTFFont) -> None:
        self.font = font
        self._next = 0
        self._reserved: list[int] = []
        self._char_id_per_glyph: dict[Glyph | None, int] = {}
        self._space = font.glyph_ids.get(ord(" "), SPACE)

    def pick_glyph(self, glyph: Glyph | None) -> int | None:
        if glyph is None:
            return None
        gid = glyph.glyph_id
        code = SPACE if gid == self._space else self._space if gid == SPACE else gid
        self._char_id_per_glyph[glyph] = code
        return code


@dataclass(frozen=True)
class FontProgram:
    """The embedded font program of one packaged font, taken apart once per process."""

    tables: dict[str, bytes]  # every table but the outlines and their index, as written
    glyphs: tuple[bytes, ...]  # each glyph's outline, by glyph number
    components: dict[int, frozenset[int]]  # what an accented letter is built from

    def for_glyphs(self, used: Iterable[int]) -> bytes:
        """The font program with the outlines of `used` (and .notdef), the others empty."""
        keep = {0}
        for gid in used:
            keep.add(gid)
            keep |= self.components.get(gid, frozenset())
        glyf = bytearray()
        offsets = []
        boxes = []
        for gid, outline in enumerate(self.glyphs):
            offsets.append(len(glyf))
            if gid in keep and outline:
                glyf += outline
                glyf += b"\0" * (-len(outline) % 4)
                boxes.append(struct.unpack_from(">4h", outline, 2))  # xMin yMin xMax yMax
        offsets.append(len(glyf))
        # The font's box is that of the glyphs it holds, as fontTools sets it when it
        # subsets: renderers size their glyph bitmaps by it.
        head = bytearray(self.tables["head"])
        if boxes:
            x0, y0, x1, y1 = zip(*boxes, strict=True)
            head[36:44] = struct.pack(">4h", min(x0), min(y0), max(x1), max(y1))
        loca = struct.pack(f">{len(offsets)}L", *offsets)
        return _sfnt({**self.tables, "head": bytes(head), "glyf": bytes(glyf), "loca": loca})


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """A TrueType file of these tables, with its directory and checksums."""
    tags = sorted(tables)
    selector = int(math.log2(len(tags)))
    search_range = 16 * 2**selector
    head = struct.pack(">LHHHH", 0x00010000, len(tags), search_range, selector,
                       16 * len(tags) - search_range)  # fmt: skip
    records, body = [], []
    offset = len(head) + 16 * len(tags)
    head_at = 0
    for tag in tags:
        data = tables[tag]
        records.append(struct.pack(">4sLLL", tag.encode("latin-1"), _checksum(data), offset,
                                   len(data)))  # fmt: skip
        if tag == "head":
            head_at = offset
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    font = bytearray(head + b"".join(records) + b"".join(body))
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">L", adjustment)
    return bytes(font)


def cut_font(style: str) -> bytes:
    """The whole packaged font cut down to REPERTOIRE, as fpdf2 would embed it.

    Only the glyph set shrinks: outlines, widths, hinting and the font's bounding box stay
    as they are. The tables and names kept are those fpdf2 keeps in the fonts it embeds
    (fpdf/output.py, _add_fonts); it does no text shaping here, so no layout tables.
    """
    font = ttLib.TTFont(FONT_DIR / FONT_FILES[style], recalcTimestamp=False, recalcBBoxes=False)
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, layout_features=[])
    options.drop_tables += _DROPPED_TABLES
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=REPERTOIRE)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@cache
def small_font(style: str) -> tuple[bytes, PackagedFont]:
    """The font cut for papers (CUT_FONT_FILES), as a file and parsed, once per process.

    The cut is made ahead of time (`python -m minka.lib.pdf_fonts`; a test checks it):
    cutting it from the whole font here would take a second and leave some 5 MB of
    scattered free memory in each server process.
    """
    data = (FONT_DIR / CUT_FONT_FILES[style]).read_bytes()
    return data, PackagedFont(data, style)


@cache
def font_program(style: str) -> FontProgram:
    """The small font as fpdf2 would embed it, taken apart into tables and outlines."""
    data, _parsed = small_font(style)
    font = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    order = font.getGlyphOrder()
    raw = font.reader
    glyf, offsets = raw["glyf"], font["loca"].locations
    glyphs = tuple(glyf[offsets[i] : offsets[i + 1]] for i in range(len(order)))
    table = font["glyf"]
    components = {}
    for gid, name in enumerate(order):
        pending, found = [name], set()
        while pending:  # components can be composite themselves
            for part in table[pending.pop()].getComponentNames(table):
                if (part_id := font.getGlyphID(part)) not in found:
                    found.add(part_id)
                    pending.append(part)
        if found:
            components[gid] = frozenset(found)
    head = bytearray(raw["head"])
    head[8:12] = bytes(4)  # checkSumAdjustment, set again for each file
    head[50:52] = struct.pack(">h", 1)  # long offsets in loca
    tables = {tag: bytes(raw[tag]) for tag in raw.tables if tag not in {"glyf", "loca"}}
    return FontProgram({**tables, "head": bytes(head)}, glyphs, components)


class PackagedFontsOutput(OutputProducer):
    """fpdf2's PDF writer, which embeds packaged fonts with FontProgram.for_glyphs."""

    def _add_fonts(self, *args: Any) -> dict[int, Any]:
        registry = self.fpdf.fonts
        fonts = dict(registry)
        packaged = [f for f in fonts.values() if isinstance(f, PackagedFont)]
        # fpdf2 writes the others (the whole font, when a document needed it).
        for key, font in fonts.items():
            if isinstance(font, PackagedFont):
                del registry[key]
        try:
            objects: dict[int, Any] = super()._add_fonts(*args)
        finally:
            registry.clear()
            registry.update(fonts)
        for font in sorted(packaged, key=lambda f: f.i):
            objects[font.i] = self._add_packaged_font(font)
        return objects

    def _add_packaged_font(self, font: PackagedFont) -> Any:
        """The objects fpdf2 writes for a TrueType font (fpdf/output.py, _add_fonts)."""
        fontname = f"MPDFAA+{font.name}"
        if font.missing_glyphs:
            LOGGER.warning("Font %s is missing %d glyphs", fontname, len(font.missing_glyphs))
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(subtype="CIDFontType2", base_font=fontname,
                           d_w=font.desc.missing_width, w=_tt_font_widths(font))  # fmt: skip
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        # Which characters each code stands for: what text search and copying read.
        bf_char = [
            f"<{code:04X}> <{''.join(_utf16_hex(c) for c in glyph.unicode)}>\n"
            for glyph, code in font.subset.items()
            if glyph is not None and isinstance(glyph.unicode, tuple) and glyph.unicode
        ]
        to_unicode = PDFContentStream(
            (
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{_build_cmap_blocks(bf_char, 'bfchar')}"
                "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            ).encode("latin-1")
        )
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        # Codes are glyph numbers but for the space (GlyphIdMap): a map of a few hundred
        # codes, where fpdf2 writes 65,536 of them.
        picked = [(code, glyph.glyph_id) for glyph, code in font.subset.items() if glyph]
        cid_to_gid = bytearray(2 * (max((code for code, _gid in picked), default=0) + 1))
        for code, gid in picked:
            cid_to_gid[2 * code : 2 * code + 2] = gid.to_bytes(2, "big")
        cid_to_gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(cid_to_gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = cid_to_gid_map

        program = font_program(font.style)
        font_file = PDFFontStream(contents=program.for_glyphs(gid for _code, gid in picked))
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]  # as fpdf2 sets it

        # fpdf2's caches hold every document's glyph picks until they are cleared.
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return composite


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


if __name__ == "__main__":  # python -m minka.lib.pdf_fonts: cut the fonts again
    for style, name in CUT_FONT_FILES.items():
        (FONT_DIR / name).write_bytes(cut_font(style))
        print(FONT_DIR / name)
