"""Printed papers: the fonts read once per process print every name, document after document."""

import re
import shutil
import subprocess
import zlib
from io import BytesIO

import pytest
from fontTools import ttLib

from minka.lib.pdf import REPERTOIRE, WHOLE_FONT, Document
from minka.lib.pdf_fonts import CUT_FONT_FILES, FONT_DIR, FONT_FILES

WHOLE = WHOLE_FONT.lower()  # the key fpdf2 gives the fallback family


def text_of(content: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext is missing: install poppler-utils")
    result = subprocess.run([exe, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.decode("utf-8").split())


def paper(*lines: str, bold: bool = False) -> Document:
    doc = Document(title="Prueba")
    doc.add_page()
    doc.text_font(14, bold=bold)
    for line in lines:
        doc.multi_cell(doc.content_width, doc.line_height(), line, new_x="LMARGIN")
    return doc


def fonts_embedded(content: bytes) -> int:
    return content.count(b"/FontFile2")


def test_quechua_and_aymara_names_print_with_the_small_font_alone():
    name = "Ñusta Q\u02bcispe Mamani · Aymara: Ch\u2019iyara Jaqi — N.º 12, S/ 1 234,50 ¿sí?"
    assert {ord(c) for c in name} <= REPERTOIRE
    doc = paper(name, bold=True)
    assert WHOLE not in doc.fonts
    content = doc.to_bytes()
    assert name in text_of(content)
    assert fonts_embedded(content) == 2  # regular (set at the start) and bold


def test_a_name_in_another_script_is_drawn_from_the_whole_font():
    name = "Ольга Ἑλένη Quispe"
    doc = paper("Recibí yo, la socia:", name)
    assert WHOLE in doc.fonts  # added for this paper only
    assert name in text_of(doc.to_bytes())
    assert WHOLE not in paper("Rosa Mamani").fonts


def test_papers_made_side_by_side_keep_their_own_letters():
    first = paper("Juana Apaza")
    second = paper("Zoë Wiñay Ч")
    third = paper("Rosa Ccori")
    assert "Zoë Wiñay Ч" in text_of(second.to_bytes())
    assert "Juana Apaza" in text_of(first.to_bytes())
    assert "Rosa Ccori" in text_of(third.to_bytes())
    assert WHOLE in second.fonts and WHOLE not in first.fonts | third.fonts


def embedded_fonts(content: bytes) -> list[ttLib.TTFont]:
    """The TrueType programs embedded in a PDF (fpdf2 writes each as one Flate stream)."""
    fonts = []
    for number in re.findall(rb"/FontFile2 (\d+) 0 R", content):
        header = re.search(rb"\n" + number + rb" 0 obj\n(.*?)stream\n", content, re.S)
        assert header is not None
        length = int(re.search(rb"/Length (\d+)", header.group(1)).group(1))  # type: ignore[union-attr]  # fpdf2 always writes it
        data = zlib.decompress(content[header.end() : header.end() + length])
        fonts.append(ttLib.TTFont(BytesIO(data)))
    return fonts


def test_a_paper_embeds_the_outlines_of_its_own_letters_only():
    regular = embedded_fonts(paper("Ñusta Q\u02bcispe").to_bytes())[0]
    glyf, cmap = regular["glyf"], regular.getBestCmap()

    def outline(char: str) -> int:
        glyph = glyf[cmap[ord(char)]]
        return int(glyph.numberOfContours)

    assert outline("Ñ") != 0  # an N and a tilde, both embedded
    assert glyf[cmap[ord("N")]].numberOfContours > 0
    assert outline("\u02bc") != 0  # the glottal stop of Quechua and Aymara
    assert outline("Z") == 0  # a letter this paper does not print: no outline
    assert outline("é") == 0
    assert len(glyf.keys()) > 500  # every glyph keeps its number


@pytest.mark.parametrize("style", FONT_FILES)
def test_the_fonts_cut_for_papers_hold_dejavus_own_glyphs_for_the_repertoire(style: str):
    """`python -m minka.lib.pdf_fonts` cuts them again after REPERTOIRE changes."""
    whole = ttLib.TTFont(FONT_DIR / FONT_FILES[style])
    cut = ttLib.TTFont(FONT_DIR / CUT_FONT_FILES[style])
    whole_cmap, cut_cmap = whole.getBestCmap(), cut.getBestCmap()
    assert set(cut_cmap) == REPERTOIRE & set(whole_cmap)
    for code in cut_cmap:
        mine, theirs = cut_cmap[code], whole_cmap[code]
        assert cut["hmtx"][mine] == whole["hmtx"][theirs], chr(code)
        ours = cut["glyf"][mine].getCoordinates(cut["glyf"])
        original = whole["glyf"][theirs].getCoordinates(whole["glyf"])
        assert list(ours[0]) == list(original[0]) and ours[1] == original[1], chr(code)
    assert cut["head"].unitsPerEm == whole["head"].unitsPerEm
    assert cut["fpgm"].program.getBytecode() == whole["fpgm"].program.getBytecode()  # hinting


def test_justified_text_reads_back_with_its_spaces():
    # "=" is glyph 32 of DejaVu cut for papers: code 32 must still draw a space.
    words = "Recibí de la asociación la suma de ciento veinte soles (= S/ 120) por mis obras " * 3
    doc = Document(title="Prueba")
    doc.add_page()
    doc.text_font(11)
    doc.multi_cell(80, doc.line_height(), words.strip(), align="J", new_x="LMARGIN")
    text = text_of(doc.to_bytes())
    assert "Recibí de la asociación la suma de ciento veinte" in text
    assert "veinte soles (= S/ 120) por mis obras" in text
    assert text.count("=") == 3
