"""The words of each answer and notice, fitted into one SMS where possible.

Everything a member gets is built here from the records, in her language, in GSM-7,
and counted: a list that would spill into a second segment is cut and says how many more.
"""

from datetime import date

from django.utils import timezone

from minka.governance.models import Meeting, MeetingKind
from minka.learning.models import Training
from minka.ledger.models import Payout
from minka.ledger.selectors import member_balance
from minka.lib.money import format_money
from minka.members.models import Group, Member
from minka.production.models import Allocation, OrderStatus
from minka.production.selectors import allocations_with_progress
from minka.sms import gsm
from minka.sms.words import ES, TEXTS

MAX_SEGMENTS = 3  # a reply never costs more than this, whatever the records hold
_WEEKDAYS = ["lun", "mar", "mie", "jue", "vie", "sab", "dom"]


def _t(lang: str, key: str, **values: object) -> str:
    return TEXTS[lang][key].format(**values)


def _plain(text: str, limit: int) -> str:
    return gsm.to_gsm7(" ".join(text.split()))[:limit].strip()


def finish(text: str) -> str:
    """GSM-7, and no longer than MAX_SEGMENTS segments."""
    text = gsm.to_gsm7(text)
    while gsm.count(text).segments > MAX_SEGMENTS:
        text = text[: len(text) - 10].rstrip() + "..."
    return text


def name_of(member: Member) -> str:
    return _plain(member.first_name.split(" ")[0] if member.first_name else "", 20)


def group_tag(group: Group) -> str:
    return _plain(group.code, 8)


def day(lang: str, on: date) -> str:
    short = on.strftime("%d/%m")
    return f"{_WEEKDAYS[on.weekday()]} {short}" if lang == ES else short


def balance(member: Member, lang: str) -> str:
    amount = member_balance(member)
    key = "balance_owed" if amount > 0 else "balance_debt" if amount < 0 else "balance_zero"
    return finish(
        _t(
            lang,
            key,
            name=name_of(member),
            amount=format_money(abs(amount)),
            group=group_tag(member.group),
        )
    )


def _fit(head: str, items: list[str], lang: str) -> str:
    """As many items as fit one SMS, then 'and N more'; at least one."""
    for shown in range(len(items), 0, -1):
        rest = len(items) - shown
        listed = "; ".join(items[:shown])
        if rest:
            listed += " " + _t(lang, "more", n=rest)
        text = head.format(items=listed + ".")
        if gsm.fits_one(gsm.to_gsm7(text)) or shown == 1:
            return finish(text)
    return finish(head.format(items=""))


def work(member: Member, lang: str) -> str:
    """Her open allocations: pieces still to bring and by when, soonest first."""
    open_orders = [OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION]
    rows = []
    for a in allocations_with_progress(member=member, line__order__status__in=open_orders):
        left = a.quantity - a.accepted  # type: ignore[attr-defined]  # annotated by allocations_with_progress
        if left > 0:
            rows.append((a.line.due, left, a.line.product.name))
    if not rows:
        return finish(_t(lang, "work_none", name=name_of(member), group=group_tag(member.group)))
    rows.sort()
    items = [
        _t(lang, "work_item", pieces=left, product=_plain(product, 24), due=due.strftime("%d/%m"))
        for due, left, product in rows
    ]
    head = TEXTS[lang]["work"].replace("{items}", "\x00").format(name=name_of(member))
    return _fit(head.replace("\x00", "{items}"), items, lang)


def next_meeting(group: Group, lang: str, today: date | None = None) -> Meeting | None:
    today = today or timezone.localdate()
    return Meeting.objects.filter(group=group, held_on__gte=today).order_by("held_on").first()


def meeting(group: Group, lang: str) -> str:
    found = next_meeting(group, lang)
    if found is None:
        return finish(_t(lang, "meeting_none", group=group_tag(group)))
    kind = _t(lang, "assembly" if found.kind == MeetingKind.ASSEMBLY else "weekly")
    return finish(
        _t(lang, "meeting", kind=kind, day=day(lang, found.held_on), group=group_tag(group))
    )


def help_text(group: Group, lang: str, pin: bool = False, locked: bool = False) -> str:
    key = "pin_locked" if locked else "help_pin" if pin else "help"
    return finish(_t(lang, key, group=group_tag(group)))


def notice_payout(payout: Payout, lang: str) -> str:
    return finish(
        _t(
            lang,
            "notice_payout",
            group=group_tag(payout.group),
            amount=format_money(payout.amount, payout.currency),
            day=day(lang, payout.paid_on),
            number=_plain(payout.number, 32),
        )
    )


def notice_allocation(allocation: Allocation, lang: str) -> str:
    line = allocation.line
    return finish(
        _t(
            lang,
            "notice_allocation",
            group=group_tag(line.order.group),
            pieces=allocation.quantity,
            product=_plain(line.product.name, 24),
            due=line.due.strftime("%d/%m"),
        )
    )


def notice_meeting(found: Meeting, lang: str) -> str:
    kind = _t(lang, "assembly" if found.kind == MeetingKind.ASSEMBLY else "weekly")
    return finish(
        _t(
            lang,
            "notice_meeting",
            group=group_tag(found.group),
            kind=kind,
            day=day(lang, found.held_on),
        )
    )


class SensitiveTraining(ValueError):
    """A sensitive training (rights, violence, health) is never named in an SMS."""


def notice_training(training: Training, lang: str) -> str:
    if training.sensitive:
        raise SensitiveTraining(str(training.pk))
    return finish(
        _t(
            lang,
            "notice_training",
            group=group_tag(training.group),
            topic=_plain(training.topic, 40),
            day=day(lang, training.starts_on),
        )
    )
