"""One poll of the `minka sms` worker: read what came in, answer it, queue the notices,
hand queued messages to gammu-smsd, and record what it sent or could not send.

Nothing is lost and nothing is sent twice:
- an inbox file is deleted only after its Inbound row is committed, and a file whose
  name is already recorded is not answered again (a crash in between re-reads it);
- a message is written into the outbox under a name made from its id and attempt,
  before it is marked handed over; a crash in between finds the file and only marks it;
- a message is tried again only when gammu-smsd put it in the error folder, under the
  next attempt's name, and marked failed after MINKA_SMS_MAX_ATTEMPTS;
- while gammu-smsd or the modem is away, messages wait in its outbox and the SMS page
  says how many and since when.
"""

import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from minka.governance.models import Meeting
from minka.learning.models import Training
from minka.ledger.models import Payout
from minka.members.models import Group, Member
from minka.production.models import Allocation
from minka.sms import answers, gateway, selectors, services, words
from minka.sms.models import (
    GatewayState,
    GroupSmsSettings,
    Inbound,
    Kind,
    Outcome,
    Outgoing,
    Status,
)
from minka.sms.phones import normalise
from minka.sms.words import Command

log = logging.getLogger(__name__)
RECENT = timedelta(days=7)  # a notice about something older than this is stale
# A PIN is kept hashed; the message that carried it must not keep it in clear.
_PIN_LIKE = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass
class Poll:
    received: int = 0
    answered: int = 0
    queued_notices: int = 0
    spooled: int = 0
    sent: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)


# --- what came in ---------------------------------------------------------------------------


def _replies_since(phone: str, since: datetime, kinds: list[str]) -> int:
    return Outgoing.objects.filter(phone=phone, kind__in=kinds, created_at__gte=since).count()


def _decide(
    received: gateway.Received, phone: str, members: list[Member], known: bool
) -> tuple[str, str | None, str, Member | None, Group | None]:
    """(outcome, reply text or None, reply kind, member, group) for one message."""
    now = timezone.now()
    limited = (
        _replies_since(phone, now - timedelta(hours=1), [Kind.ANSWER, Kind.HELP])
        >= settings.MINKA_SMS_MAX_PER_HOUR
    )
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    helped_today = _replies_since(phone, start_of_day, [Kind.HELP]) > 0
    req = words.read(received.text[:480])
    if not members:
        outcome = Outcome.NO_CONSENT if known else Outcome.HELP
        if limited or helped_today:
            return (Outcome.QUIET if not known else outcome), None, Kind.HELP, None, None
        return outcome, words.UNKNOWN_NUMBER, Kind.HELP, None, None
    member, pin = services.pin_identify(members, req.pin)
    pin_ok, locked = pin is services.Pin.OK, pin is services.Pin.LOCKED
    group = member.group if member else members[0].group
    lang = words.language_for(member.languages if member else [], req.language)
    if limited:
        return Outcome.RATE_LIMITED, None, Kind.ANSWER, member, group
    if member is not None and pin_ok and req.command in (Command.BALANCE, Command.WORK):
        text = (
            answers.balance(member, lang)
            if req.command == Command.BALANCE
            else answers.work(member, lang)
        )
        return Outcome.ANSWERED, text, Kind.ANSWER, member, group
    if pin_ok and req.command == Command.MEETING:
        return Outcome.ANSWERED, answers.meeting(group, lang), Kind.ANSWER, member, group
    if req.command == Command.HELP:
        return (
            Outcome.HELP,
            answers.help_text(group, lang, pin=not pin_ok, locked=locked),
            Kind.HELP,
            member,
            group,
        )
    if helped_today:
        return Outcome.QUIET, None, Kind.HELP, member, group
    pin_missing = req.command is not None and not pin_ok
    text = answers.help_text(group, lang, pin=pin_missing, locked=locked)
    return Outcome.HELP, text, Kind.HELP, member, group


def receive(
    found: gateway.Spool, index: dict[str, list[Member]], known: set[str], limit: int = 500
) -> tuple[int, int]:
    """Read the inbox, record and answer each message; (messages read, answers queued)."""
    assert found.inbox is not None
    read = replied = 0
    for received in gateway.read_inbox(found, limit=limit):
        with transaction.atomic():
            if not Inbound.objects.filter(spool_name=received.name).exists():
                phone = normalise(received.sender) or ""
                if phone:
                    outcome, text, kind, member, group = _decide(
                        received, phone, index.get(phone, []), phone in known
                    )
                else:
                    outcome, text, kind, member, group = Outcome.NOT_A_MOBILE, None, "", None, None
                inbound = Inbound.objects.create(
                    spool_name=received.name,
                    sender=received.sender,
                    phone=phone,
                    group=group,
                    member=member,
                    text=_PIN_LIKE.sub("****", received.text[:480]),
                    length=received.length,
                    word=words.read(received.text[:480]).word,
                    outcome=outcome,
                    received_at=received.received_at,
                )
                if text is not None:
                    services.message_queue(
                        phone=phone,
                        text=text,
                        kind=kind,
                        group=group,
                        member=member,
                        reply_to=inbound,
                    )
                    replied += 1
        gateway.remove(found.inbox, received.files)
        read += 1
    return read, replied


# --- what Minka tells her ---------------------------------------------------------------------


def queue_notices(index: dict[str, list[Member]]) -> int:
    """Queue each enabled notice once per member who agreed to SMS."""
    phone_of = {m.id: phone for phone, ms in index.items() for m in ms}
    members = {m.id: m for ms in index.values() for m in ms}
    now = timezone.now()
    today = timezone.localdate()
    queued = 0
    for conf in GroupSmsSettings.objects.select_related("group"):
        group = conf.group
        done = set(
            Outgoing.objects.filter(
                group=group, kind=Kind.NOTICE, created_at__gte=now - 2 * RECENT
            ).values_list("member_id", "notice_key")
        )
        everyone = [m for m in members.values() if m.group_id == group.id]
        todo: list[tuple[Member, str, str]] = []  # (member, key, text)

        def lang(m: Member) -> str:
            return words.language_for(m.languages, None)

        if conf.payday_since:
            since = max(conf.payday_since, now - RECENT)
            for p in Payout.objects.filter(group=group, created_at__gte=since).select_related(
                "group"
            ):
                if p.member_id in members:
                    m = members[p.member_id]
                    todo.append((m, f"payout:{p.id}", answers.notice_payout(p, lang(m))))
        if conf.allocation_since:
            since = max(conf.allocation_since, now - RECENT)
            for a in Allocation.objects.filter(
                line__order__group=group, created_at__gte=since
            ).select_related("line__product", "line__order__group"):
                if a.member_id in members:
                    m = members[a.member_id]
                    todo.append((m, f"allocation:{a.id}", answers.notice_allocation(a, lang(m))))
        if conf.meeting_since:
            for mt in Meeting.objects.filter(
                group=group,
                created_at__gte=conf.meeting_since,
                held_on__range=(today, today + timedelta(days=3)),
            ).select_related("group"):
                todo += [
                    (m, f"meeting:{mt.id}", answers.notice_meeting(mt, lang(m))) for m in everyone
                ]
        if conf.training_since:
            for tr in Training.objects.filter(
                group=group,
                sensitive=False,  # never: answers.notice_training refuses them too
                created_at__gte=conf.training_since,
                starts_on__range=(today, today + timedelta(days=7)),
            ).select_related("group"):
                todo += [
                    (m, f"training:{tr.id}", answers.notice_training(tr, lang(m))) for m in everyone
                ]
        for member, key, text in todo:
            if (member.id, key) in done:
                continue
            if services.message_queue(
                phone=phone_of[member.id],
                text=text,
                kind=Kind.NOTICE,
                group=group,
                member=member,
                notice_key=key,
            ):
                queued += 1
    return queued


# --- handing over to gammu-smsd, and hearing back ---------------------------------------------


def reconcile(found: gateway.Spool) -> tuple[int, int]:
    """Record what gammu-smsd sent or refused; (sent, failed for good)."""
    sent = failed = 0
    for done in gateway.finished(found):
        with transaction.atomic():
            msg = Outgoing.objects.select_for_update().filter(id=done.msg_id).first()
            if msg is not None and msg.status == Status.SPOOLED and msg.attempts == done.attempt:
                if done.sent:
                    msg.status, msg.sent_at = Status.SENT, done.at
                    sent += 1
                elif msg.attempts >= settings.MINKA_SMS_MAX_ATTEMPTS:
                    msg.status, msg.last_error = Status.FAILED, "gammu-smsd could not send it"
                    failed += 1
                else:
                    msg.status = Status.QUEUED
                    msg.last_error = "gammu-smsd could not send it; will try again"
                    msg.next_attempt_at = timezone.now() + services.retry_after(msg.attempts)
                msg.save()
        gateway.remove(done.folder, [done.name])
    return sent, failed


def spool_queued(found: gateway.Spool, consenting: set[uuid.UUID], limit: int = 500) -> int:
    """Write queued messages into gammu-smsd's outbox, answers first."""
    handed = 0
    due = Outgoing.objects.filter(status=Status.QUEUED, next_attempt_at__lte=timezone.now())
    for msg in due.order_by("kind", "created_at")[:limit]:
        if msg.member_id is not None and msg.member_id not in consenting:
            Outgoing.objects.filter(id=msg.id, status=Status.QUEUED).update(
                status=Status.FAILED, last_error="consent withdrawn before sending"
            )
            continue
        attempt = msg.attempts + 1
        name = gateway.outbox_name(
            created=msg.created_at,
            priority=services.PRIORITY.get(Kind(msg.kind), "C"),
            phone=msg.phone,
            msg_id=msg.id.hex,
            attempt=attempt,
        )
        if not gateway.already_spooled(found, name):
            gateway.write_outbox(found, name, msg.text)
        Outgoing.objects.filter(id=msg.id, status=Status.QUEUED, attempts=msg.attempts).update(
            status=Status.SPOOLED, attempts=attempt, spool_name=name, spooled_at=timezone.now()
        )
        handed += 1
    return handed


def poll() -> Poll:
    result = Poll()
    found = gateway.spool()
    running = gateway.daemon_running()
    result.problems += found.problems
    if found.ok:
        try:
            index = selectors.members_by_phone()
            result.received, result.answered = receive(found, index, selectors.known_phones())
            result.queued_notices = queue_notices(index)
            result.sent, result.failed = reconcile(found)
            consenting = {m.id for ms in index.values() for m in ms}
            result.spooled = spool_queued(found, consenting)
        except OSError as exc:  # a folder gone or unwritable mid-poll: say so, retry next poll
            log.warning("SMS spool: %s", exc)
            result.problems.append(str(exc))
    GatewayState.objects.update_or_create(
        site=settings.MINKA_SITE_CODE,
        defaults={
            "polled_at": timezone.now(),
            "spool_ok": found.ok and not result.problems,
            "daemon_running": running,
            "detail": "; ".join(result.problems)[:300],
        },
    )
    return result
