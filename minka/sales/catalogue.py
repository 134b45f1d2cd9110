"""The printable catalogue (PDF) a group takes to a fair or sends to a buyer.

It shows what the public page shows, no more: designs marked public, and a maker's name
and story only when her consent is recorded."""

import contextlib
from collections.abc import Sequence

from django.utils.translation import gettext as _

from minka.lib.money import format_money
from minka.lib.pdf import Document
from minka.members.models import Group
from minka.privacy.models import Purpose
from minka.privacy.selectors import has_consent
from minka.sales.models import CatalogueEntry


def shows_maker(entry: CatalogueEntry) -> bool:
    """Her name and story show only where the coordinator chose to show them and her own
    recorded consent for the catalogue is in force; a withdrawal hides her at once."""
    return bool(
        entry.maker_consent
        and entry.maker is not None
        and has_consent(entry.maker, Purpose.CATALOGUE)
    )


def catalogue_pdf(group: Group, entries: Sequence[CatalogueEntry]) -> bytes:
    doc = Document(title=_("Catálogo de %(group)s") % {"group": group.name})
    doc.add_page()
    doc.text_font(20, bold=True)
    doc.multi_cell(0, doc.line_height(), group.name, new_x="LMARGIN", new_y="NEXT")
    doc.text_font(11)
    if group.place:
        doc.multi_cell(0, doc.line_height(), group.place, new_x="LMARGIN", new_y="NEXT")
    doc.rule()
    if not entries:
        doc.multi_cell(0, doc.line_height(), _("Sin diseños en el catálogo."))
    for entry in entries:
        product = entry.product
        if entry.photo:
            # A missing or unreadable photo must not stop the catalogue.
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                doc.image(entry.photo.path, w=60)
        doc.text_font(14, bold=True)
        doc.multi_cell(
            0, doc.line_height(), f"{product.code} {product.name}", new_x="LMARGIN", new_y="NEXT"
        )
        doc.text_font(11)
        doc.multi_cell(
            0,
            doc.line_height(),
            f"{_('Técnica')}: {product.technique.name} · {_('Precio')}: "
            f"{format_money(product.retail_price)}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        if entry.design_story:
            doc.multi_cell(0, doc.line_height(), entry.design_story, new_x="LMARGIN", new_y="NEXT")
        if shows_maker(entry) and entry.maker is not None:
            doc.text_font(11, bold=True)
            doc.multi_cell(
                0,
                doc.line_height(),
                _("Tejido por %(name)s") % {"name": entry.maker.full_name},
                new_x="LMARGIN",
                new_y="NEXT",
            )
            doc.text_font(11)
            if entry.maker_story:
                doc.multi_cell(
                    0, doc.line_height(), entry.maker_story, new_x="LMARGIN", new_y="NEXT"
                )
        doc.rule()
    return doc.to_bytes()
