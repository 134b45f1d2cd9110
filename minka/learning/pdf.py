"""Printed papers of a training: the attendance sheet of a session, to sign or
thumbprint, in the site's language, and a member's certificate, in hers.

A sensitive training's sheet lists no names: a sheet passed from hand to hand would tell
everyone who came. It prints numbered blank lines; each woman writes her own name.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from minka.learning.models import Certificate, TrainingSession
from minka.lib.pdf import Document
from minka.members.models import Member, MemberStatus, page_language_for

ROW_HEIGHT = 16  # mm: room for a thumbprint
BLANK_LINES = 20


def attendance_sheet_pdf(session: TrainingSession) -> bytes:
    training = session.training
    with translation.override(settings.LANGUAGE_CODE):
        doc = Document(title=_("Asistencia: %(topic)s") % {"topic": training.topic})
        doc.add_page()
        width = doc.content_width
        doc.text_font(16, bold=True)
        doc.multi_cell(width, doc.line_height(), training.group.name, new_x="LMARGIN")
        doc.text_font(20, bold=True)
        doc.multi_cell(width, doc.line_height(), _("HOJA DE ASISTENCIA"), new_x="LMARGIN")
        doc.text_font(14)
        doc.multi_cell(
            width,
            doc.line_height(),
            _("Capacitación: %(topic)s") % {"topic": training.topic},
            new_x="LMARGIN",
        )
        doc.multi_cell(
            width,
            doc.line_height(),
            _("Fecha: %(date)s · Horas: %(hours)s · Lugar: %(place)s")
            % {
                "date": session.held_on.strftime("%d/%m/%Y"),
                "hours": session.hours,
                "place": training.place or "—",
            },
            new_x="LMARGIN",
        )
        names: list[str]
        if training.sensitive:
            doc.text_font(11)
            doc.multi_cell(
                width,
                doc.line_height(),
                _(
                    "Tema reservado: esta hoja no lleva nombres impresos. Cada participante "
                    "escribe su nombre y firma o pone su huella."
                ),
                new_x="LMARGIN",
            )
            names = [""] * BLANK_LINES
        else:
            members = Member.objects.filter(
                group_id=training.group_id, status=MemberStatus.ACTIVE
            ).order_by("number")
            names = [m.full_name for m in members] + ["", "", ""]  # and guests
        doc.ln(2)
        doc.text_font(12)
        with doc.table(
            col_widths=(12, width * 0.45, width - 12 - width * 0.45),
            line_height=ROW_HEIGHT,
            text_align=("RIGHT", "LEFT", "LEFT"),
            first_row_as_headings=True,
        ) as table:
            head = table.row()
            for text in (_("N.º"), _("Nombre"), _("Firma o huella digital")):
                head.cell(text)
            for i, name in enumerate(names, start=1):
                row = table.row()
                row.cell(str(i))
                row.cell(name)
                row.cell("")
        return doc.to_bytes()


def certificate_pdf(certificate: Certificate, *, neutral: bool = False) -> bytes:
    """Her certificate, in her language (from her record). neutral: a private training
    is named "Taller", as on her pages, unless she chose to see its name."""
    training = certificate.training
    member = certificate.member
    with translation.override(page_language_for(member)):
        doc = Document(title=_("Certificado de capacitación"))
        doc.add_page(orientation="landscape")
        width = doc.w - doc.l_margin - doc.r_margin
        doc.ln(10)
        doc.text_font(20, bold=True)
        doc.cell(
            width, doc.line_height(), training.group.name, align="C", new_x="LMARGIN", new_y="NEXT"
        )
        doc.ln(6)
        doc.text_font(34, bold=True)
        doc.cell(
            width, doc.line_height(), _("CERTIFICADO"), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        doc.ln(6)
        doc.text_font(18)
        doc.cell(
            width,
            doc.line_height(),
            _("Se otorga a la socia"),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        doc.fit_font(member.full_name, width, 32, bold=True)
        doc.cell(
            width, doc.line_height(), member.full_name, align="C", new_x="LMARGIN", new_y="NEXT"
        )
        doc.text_font(18)
        doc.multi_cell(
            width,
            doc.line_height(),
            _("por haber completado la capacitación «%(topic)s», del %(start)s al %(end)s.")
            % {
                "topic": _("Taller") if neutral else training.topic,
                "start": training.starts_on.strftime("%d/%m/%Y"),
                "end": training.ends_on.strftime("%d/%m/%Y"),
            },
            align="C",
            new_x="LMARGIN",
        )
        if training.technique is not None and training.level is not None:
            doc.multi_cell(
                width,
                doc.line_height(),
                _("Técnica: %(technique)s, nivel %(level)s.")
                % {"technique": training.technique.name, "level": training.get_level_display()},
                align="C",
                new_x="LMARGIN",
            )
        if training.trainer:
            doc.multi_cell(
                width,
                doc.line_height(),
                _("Capacitador(a): %(name)s") % {"name": training.trainer},
                align="C",
                new_x="LMARGIN",
            )
        doc.ln(4)
        doc.text_font(14)
        doc.cell(
            width,
            doc.line_height(),
            _("Fecha: %(date)s") % {"date": certificate.issued_on.strftime("%d/%m/%Y")},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        top = doc.h - doc.b_margin - 25
        half = width / 2
        for x, label in (
            (doc.l_margin + 20, _("Coordinadora")),
            (doc.l_margin + half + 20, _("Capacitador(a)")),
        ):
            doc.line(x, top, x + half - 40, top)
            doc.set_xy(x, top + 1)
            doc.cell(half - 40, doc.line_height(), label, align="C")
        return doc.to_bytes()
