"""Her data as a document she can read (or have read to her) and keep."""

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.lib.pdf import Document
from minka.members.models import Member
from minka.privacy.herdata import HerData
from minka.privacy.models import Purpose
from minka.privacy.selectors import consents_in_force

ROWS_PER_SECTION = 40  # the JSON file has every row; paper shows the newest


def _value(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    return str(value)[:80]


def para(doc: Document, height: float, text: str) -> None:
    """A paragraph across the page, the cursor back at the left margin below it."""
    doc.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a serialised name that is not a field: show it as it is
        return name


def her_data_pdf(member: Member, data: HerData) -> bytes:
    doc = Document(title=_("Datos de %(name)s") % {"name": member.full_name})
    doc.add_page()
    doc.text_font(18, bold=True)
    para(doc, doc.line_height(), _("Lo que Minka guarda sobre usted"))
    doc.text_font(12)
    para(
        doc,
        doc.line_height(),
        _("%(name)s, socia N.º %(number)s de %(group)s. Impreso el %(date)s.")
        % {
            "name": member.full_name,
            "number": member.number,
            "group": member.group.name,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    doc.rule()
    doc.text_font(14, bold=True)
    para(doc, doc.line_height(), _("Sus datos"))
    doc.text_font(10)
    for name, value in data.member.items():
        para(doc, doc.line_height(), f"{_label(Member, name)}: {_value(value)}")
    doc.rule()
    doc.text_font(14, bold=True)
    para(doc, doc.line_height(), _("Lo que usted aceptó"))
    doc.text_font(11)
    in_force = consents_in_force(member)
    for value, purpose in Purpose.choices:
        consent = in_force[value]
        if consent is None:
            answer = _("no se le preguntó: no se usa")
        elif consent.given:
            answer = _("sí, desde el %(date)s") % {"date": consent.decided_on.strftime("%d/%m/%Y")}
        else:
            answer = _("no, desde el %(date)s") % {"date": consent.decided_on.strftime("%d/%m/%Y")}
        para(doc, doc.line_height(), f"{purpose}: {answer}")
    for label, rows in data.sections.items():
        model = apps.get_model(label)
        doc.rule()
        doc.text_font(13, bold=True)
        title = str(model._meta.verbose_name_plural).capitalize()
        para(doc, doc.line_height(), f"{title} ({len(rows)})")
        doc.text_font(8)
        for row in rows[-ROWS_PER_SECTION:]:
            text = "; ".join(
                f"{_label(model, k)}: {_value(v)}" for k, v in row.items() if k != "id"
            )
            para(doc, doc.line_height(1.25), text)
        if len(rows) > ROWS_PER_SECTION:
            para(
                doc,
                doc.line_height(),
                _("… y %(n)s más en el archivo de datos completo.")
                % {"n": len(rows) - ROWS_PER_SECTION},
            )
    if data.left_out:
        doc.rule()
        doc.text_font(10)
        para(
            doc,
            doc.line_height(),
            _(
                "Por su seguridad, algunos registros no se imprimen. Pídalos en persona a "
                "quien la acompañó."
            ),
        )
    return doc.to_bytes()
