"""The attendance sheet of a meeting or assembly, to sign or thumbprint. It prints in the
site's language, one row per active member with a wide box, and a few blank rows."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from minka.governance.models import Meeting
from minka.lib.pdf import Document
from minka.members.models import Member, MemberStatus

ROW_HEIGHT = 16  # mm: room for a thumbprint


def meeting_sheet_pdf(meeting: Meeting) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        kind = meeting.get_kind_display()
        doc = Document(title=_("Asistencia: %(kind)s") % {"kind": kind})
        doc.add_page()
        width = doc.content_width
        doc.text_font(16, bold=True)
        doc.multi_cell(width, doc.line_height(), meeting.group.name, new_x="LMARGIN")
        doc.text_font(20, bold=True)
        doc.multi_cell(width, doc.line_height(), _("HOJA DE ASISTENCIA"), new_x="LMARGIN")
        doc.text_font(14)
        doc.multi_cell(
            width,
            doc.line_height(),
            _("%(kind)s del %(date)s")
            % {"kind": kind, "date": meeting.held_on.strftime("%d/%m/%Y")},
            new_x="LMARGIN",
        )
        if meeting.agenda:
            doc.text_font(11)
            doc.multi_cell(
                width,
                doc.line_height(),
                _("Agenda: %(a)s") % {"a": meeting.agenda},
                new_x="LMARGIN",
            )
        members = Member.objects.filter(
            group_id=meeting.group_id, status=MemberStatus.ACTIVE
        ).order_by("number")
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
            for m in members:
                row = table.row()
                row.cell(str(m.number))
                row.cell(m.full_name)
                row.cell("")
            for _blank in range(3):
                row = table.row()
                for _cell in range(3):
                    row.cell("")
        return doc.to_bytes()
