"""Writes about meetings, fines and the committee. Each function validates, writes in one
transaction, and returns; a refusal raises ValidationError with a message for the user."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from minka.governance.models import (
    Agreement,
    GroupRules,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    Post,
    PostHolding,
    Term,
    Vote,
)
from minka.ledger.models import EntryKind, LedgerEntry
from minka.ledger.services import entry_add
from minka.lib.i18n import record_language
from minka.lib.money import cents, format_money
from minka.members.models import Group, Member, MemberStatus

FINE_SOURCE = "governance.meeting"


def rules_for(group: Group) -> GroupRules:
    """The group's rules; defaults (no fines, quorum over 50 %) until it sets its own."""
    rules = GroupRules.objects.filter(group=group).first()
    return rules or GroupRules(group=group)


def rules_set(*, group: Group, fine_per_absence: Decimal, quorum_percent: int) -> GroupRules:
    fine = cents(fine_per_absence)
    if fine < 0:
        raise ValidationError(_("La multa no puede ser negativa."))
    if not 1 <= quorum_percent <= 99:
        raise ValidationError(_("El quórum debe estar entre 1 % y 99 %."))
    with transaction.atomic():
        rules, _created = GroupRules.objects.update_or_create(
            group=group,
            defaults={"fine_per_absence": fine, "quorum_percent": quorum_percent},
        )
    return rules


def meeting_create(
    *, group: Group, kind: str, held_on: date, agenda: str = "", minutes: str = ""
) -> Meeting:
    if kind not in MeetingKind.values:
        raise ValidationError(_("Elija el tipo de reunión."))
    with transaction.atomic():
        return Meeting.objects.create(
            group=group,
            kind=kind,
            held_on=held_on,
            agenda=agenda.strip(),
            minutes=minutes.strip(),
            expected=Member.objects.filter(group=group, status=MemberStatus.ACTIVE).count(),
        )


def meeting_attendance_record(*, meeting: Meeting, members: Sequence[Member]) -> int:
    """Who came: replaces the list. Refused once fines were written for the meeting."""
    strangers = [m for m in members if m.group_id != meeting.group_id]
    if strangers:
        raise ValidationError(
            _("%(name)s no es socia de este grupo.") % {"name": strangers[0].full_name}
        )
    with transaction.atomic():
        if _fines_of(meeting).exists():
            raise ValidationError(
                _(
                    "Ya se registraron las multas de esta asamblea: para corregir, la tesorera "
                    "anula la multa en la cuenta de la socia."
                )
            )
        MeetingAttendance.objects.filter(meeting=meeting).delete()
        unique = {m.id: m for m in members}
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, member=m) for m in unique.values()]
        )
    return len(unique)


@dataclass(frozen=True)
class Quorum:
    present: int
    expected: int
    needed: int  # the fewest members present for quorum

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    """More than quorum_percent % of the members active when the meeting was called."""
    percent = rules_for(meeting.group).quorum_percent
    needed = meeting.expected * percent // 100 + 1
    return Quorum(present=meeting.attendance.count(), expected=meeting.expected, needed=needed)


def agreement_add(*, meeting: Meeting, text: str, responsible: Member, due_on: date) -> Agreement:
    text = text.strip()
    if not text:
        raise ValidationError(_("Escriba el acuerdo."))
    if responsible.group_id != meeting.group_id:
        raise ValidationError(
            _("%(name)s no es socia de este grupo.") % {"name": responsible.full_name}
        )
    if due_on < meeting.held_on:
        raise ValidationError(_("El plazo no puede ser anterior a la reunión."))
    with transaction.atomic():
        return Agreement.objects.create(
            meeting=meeting, text=text, responsible=responsible, due_on=due_on
        )


def vote_record(*, meeting: Meeting, question: str, yes: int, no: int, abstain: int = 0) -> Vote:
    """A vote of an assembly needs quorum; the votes cannot outnumber those present."""
    question = question.strip()
    if not question:
        raise ValidationError(_("Escriba qué se votó."))
    if min(yes, no, abstain) < 0:
        raise ValidationError(_("Los votos no pueden ser negativos."))
    with transaction.atomic():
        q = quorum(meeting)
        if meeting.kind == MeetingKind.ASSEMBLY and not q.reached:
            raise ValidationError(
                _(
                    "No hay quórum: asistieron %(present)d de %(expected)d socias activas y se "
                    "necesitan %(needed)d. La votación no vale."
                )
                % {"present": q.present, "expected": q.expected, "needed": q.needed}
            )
        if yes + no + abstain > q.present:
            raise ValidationError(
                _("Hay más votos (%(votes)d) que socias presentes (%(present)d).")
                % {"votes": yes + no + abstain, "present": q.present}
            )
        return Vote.objects.create(
            meeting=meeting, question=question, yes=yes, no=no, abstain=abstain
        )


def _fines_of(meeting: Meeting) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(
        source_type=FINE_SOURCE, source_id=meeting.id, kind=EntryKind.FINE
    )


def fines_apply(*, meeting: Meeting, by: User) -> list[LedgerEntry]:
    """Fine each active member absent from an assembly, as the group's rules say.

    A fine is a ledger entry of kind FINE with a negative amount (she owes the group).
    A member is fined at most once per meeting: a fine that was reversed (she was excused)
    is not written again. Returns the new entries."""
    if meeting.kind != MeetingKind.ASSEMBLY:
        raise ValidationError(_("Solo se multa la falta a una asamblea."))
    rules = rules_for(meeting.group)
    if rules.fine_per_absence <= 0:
        raise ValidationError(_("Las reglas del grupo no ponen multa por faltar."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        fined = set(_fines_of(meeting).values_list("member_id", flat=True))
        present = set(meeting.attendance.values_list("member_id", flat=True))
        absent = Member.objects.filter(
            group_id=meeting.group_id,
            status=MemberStatus.ACTIVE,
            joined_on__lte=meeting.held_on,
        ).exclude(id__in=present | fined)
        with record_language():
            description = _("Multa por faltar a la asamblea del %(date)s") % {
                "date": meeting.held_on.strftime("%d/%m/%Y")
            }
        return [
            entry_add(
                member=member,
                kind=EntryKind.FINE,
                amount=-rules.fine_per_absence,
                currency="PEN",
                entry_date=meeting.held_on,
                description=description[:200],
                source_type=FINE_SOURCE,
                source_id=meeting.id,
                by=by,
            )
            for member in absent.order_by("number")
        ]


def fine_total_text(entries: Sequence[LedgerEntry]) -> str:
    return format_money(-sum((e.amount for e in entries), Decimal("0")), "PEN")


# --- the committee ----------------------------------------------------------------------


def term_create(*, group: Group, starts_on: date, ends_on: date) -> Term:
    if ends_on <= starts_on:
        raise ValidationError(_("El fin del periodo debe ser posterior a su inicio."))
    with transaction.atomic():
        clash = (
            Term.objects.select_for_update()
            .filter(group=group, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("Este periodo se cruza con el periodo %(term)s.") % {"term": str(clash)}
            )
        return Term.objects.create(group=group, starts_on=starts_on, ends_on=ends_on)


def post_assign(*, term: Term, post: str, member: Member) -> PostHolding:
    if post not in Post.values:
        raise ValidationError(_("Elija un cargo."))
    if member.group_id != term.group_id:
        raise ValidationError(_("%(name)s no es socia de este grupo.") % {"name": member.full_name})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("%(name)s no está activa.") % {"name": member.full_name})
    with transaction.atomic():
        holder = (
            PostHolding.objects.select_for_update()
            .filter(term=term, post=post)
            .select_related("member")
            .first()
        )
        if holder is not None:
            raise ValidationError(
                _("El cargo de %(post)s ya lo tiene %(name)s en este periodo.")
                % {"post": Post(post).label, "name": holder.member.full_name}
            )
        other = PostHolding.objects.filter(term=term, member=member).first()
        if other is not None:
            raise ValidationError(
                _("%(name)s ya es %(post)s en este periodo.")
                % {"name": member.full_name, "post": other.get_post_display()}
            )
        return PostHolding.objects.create(term=term, post=post, member=member)


@dataclass(frozen=True)
class RotationCandidate:
    member: Member
    last_ended: date | None  # when her last post ended; None if she never held one
    posts_held: int
    reason: str


def rotation_plan(*, group: Group, today: date) -> list[RotationCandidate]:
    """Active members in the order Minka proposes them for the next term.

    First those who never held a post (by member number), then those whose last post
    ended longest ago (ties by member number). A term still running counts as held now.
    The order depends only on the records, so the same records give the same plan."""
    members = list(
        Member.objects.filter(group=group, status=MemberStatus.ACTIVE)
        .annotate(last_ended=Max("posts_held__term__ends_on"))
        .order_by("number")
    )
    counts: dict[object, int] = {}
    for member_id in PostHolding.objects.filter(term__group=group).values_list(
        "member_id", flat=True
    ):
        counts[member_id] = counts.get(member_id, 0) + 1

    def key(m: Member) -> tuple[int, date, int]:
        ended: date | None = m.last_ended  # type: ignore[attr-defined]  # annotated by the queryset above
        return (0, date.min, m.number) if ended is None else (1, ended, m.number)

    plan = []
    for m in sorted(members, key=key):
        ended = m.last_ended
        if ended is None:
            reason = _("Nunca tuvo un cargo.")
        elif ended >= today:
            reason = _("Tiene un cargo en el periodo actual, que termina el %(date)s.") % {
                "date": ended.strftime("%d/%m/%Y")
            }
        else:
            reason = _("Su último cargo terminó el %(date)s (%(n)d cargos en total).") % {
                "date": ended.strftime("%d/%m/%Y"),
                "n": counts.get(m.id, 0),
            }
        plan.append(
            RotationCandidate(
                member=m, last_ended=ended, posts_held=counts.get(m.id, 0), reason=reason
            )
        )
    return plan
