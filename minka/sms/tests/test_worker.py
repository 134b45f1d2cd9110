"""The worker on gammu-smsd's folders: here the test plays the daemon's part (it drops
received files in the inbox and moves sent ones); test_gammu.py runs the real daemon."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from minka.accounts.models import MemberPin
from minka.conftest import World, order_in_production
from minka.governance import services as governance
from minka.learning import services as learning
from minka.ledger import services as ledger
from minka.members.models import Member
from minka.privacy.models import ConsentMethod
from minka.sms import gsm, services, worker
from minka.sms.models import Inbound, Kind, Outcome, Outgoing, Status
from minka.sms.tests.conftest import MARIA_PHONE, Folders, consent


def outbox_texts(folders: Folders) -> list[str]:
    return [p.read_bytes().decode("utf-16") for p in sorted(folders.outbox.iterdir())]


def answer_to(folders: Folders, text: str, sender: str = MARIA_PHONE, serial: int = 0) -> list[str]:
    before = set(folders.outbox.iterdir())
    folders.receive(sender, text, serial=serial)
    worker.poll()
    return [p.read_bytes().decode("utf-16") for p in sorted(set(folders.outbox.iterdir()) - before)]


def test_maria_asks_her_balance_and_gets_it_in_one_gsm7_sms(world: World, folders: Folders) -> None:
    world.maria.languages = ["es", "qu"]
    world.maria.save()
    consent(world, world.maria)
    ledger.entry_add(
        member=world.maria,
        kind="earning",
        amount=Decimal("1234.50"),
        entry_date=timezone.localdate(),
        description="Chompas",
    )
    [reply] = answer_to(folders, "saldo")
    assert reply == "Maria: su saldo es S/ 1,234.50 a su favor. Minka CAM"
    assert gsm.count(reply) == gsm.Count(gsm.GSM7, len(reply), 1)
    assert not list(folders.inbox.iterdir())  # read once, then gone
    assert Inbound.objects.get().outcome == Outcome.ANSWERED
    msg = Outgoing.objects.get()
    assert (msg.status, msg.attempts, msg.kind, msg.segments) == (Status.SPOOLED, 1, Kind.ANSWER, 1)


def test_she_is_answered_in_quechua_when_she_writes_in_quechua(
    world: World, folders: Folders
) -> None:
    world.maria.languages = ["qu", "es"]
    world.maria.save()
    consent(world, world.maria)
    [reply] = answer_to(folders, "Qullqi")
    assert reply.startswith("Maria: qullqiyki S/ 0.00")
    [reply] = answer_to(folders, "REUNION", serial=1)  # Spanish is hers too
    assert reply.startswith("No hay reunion programada")


def test_open_work_lists_pieces_and_dates_and_the_next_meeting_its_day(
    world: World, folders: Folders
) -> None:
    consent(world, world.maria)
    world.maria.languages = ["ay", "es"]
    world.maria.save()
    _order, allocations = order_in_production(world, quantity=6)
    mine = [a for a in allocations if a.member_id == world.maria.id]
    [reply] = answer_to(folders, "2")
    due = mine[0].line.due.strftime("%d/%m")
    assert reply == f"Maria, irnaqawimaxa: {mine[0].quantity} Chompa trenzada {due} kama."
    held = timezone.localdate() + timedelta(days=4)
    governance.meeting_create(group=world.camacani, kind="assembly", held_on=held)
    [reply] = answer_to(folders, "3", serial=1)
    assert reply == f"Jach'a tantachawi: {held:%d/%m}. Minka CAM"


def set_pin(world: World, member: Member, pin: str) -> None:
    """Rosa gives her a PIN on the member's page: the one PIN for the device and SMS."""
    response = world.client_for(world.rosa).post(
        reverse("member_pin", args=[world.camacani.id, member.id]), {"pin": pin, "again": pin}
    )
    assert response.status_code == 302


def test_a_pin_is_required_once_chosen_and_stored_hashed(world: World, folders: Folders) -> None:
    consent(world, world.maria)
    set_pin(world, world.maria, "4821")
    assert "4821" not in MemberPin.objects.get(member=world.maria).pin_hash
    [reply] = answer_to(folders, "SALDO")
    assert "SALDO 1234" in reply  # how to send it, not her balance
    assert "S/" not in reply
    assert answer_to(folders, "SALDO 1111", serial=1) == []  # one help a day, then nothing
    [reply] = answer_to(folders, "saldo 4821", serial=2)
    assert reply.startswith("Maria: su saldo es S/ 0.00")
    assert not Inbound.objects.filter(text__contains="4821").exists()  # not kept in clear


def test_unknown_numbers_and_words_get_one_help_a_day_then_nothing(
    world: World, folders: Folders
) -> None:
    stranger = "+51911222333"
    assert answer_to(folders, "hola", sender=stranger) == [
        "Minka: este celular no esta registrado. Pida a su coordinadora que lo anote."
    ]
    assert answer_to(folders, "SALDO", sender=stranger, serial=1) == []
    for name in [p.name for p in folders.outbox.iterdir()]:
        (folders.outbox / name).rename(folders.sent / name)
    worker.poll()
    page = world.client_for(world.rosa).get(f"/g/{world.camacani.id}/sms/").content.decode()
    assert "no son de ninguna socia: 1" in page
    consent(world, world.maria)
    [reply] = answer_to(folders, "que tal", serial=2)
    assert reply.startswith("Minka CAM: envie 1 o SALDO")
    assert answer_to(folders, "???", serial=3) == []
    assert Inbound.objects.filter(outcome=Outcome.QUIET).count() == 2


def test_without_consent_her_balance_is_never_sent(world: World, folders: Folders) -> None:
    consent(world, world.maria)
    services.consent_record(
        member=world.maria, given=False, how=ConsentMethod.SPOKEN, witness="Rosa", by=world.rosa
    )
    [reply] = answer_to(folders, "SALDO")
    assert "saldo" not in reply
    assert Inbound.objects.get().outcome == Outcome.NO_CONSENT


def test_a_shared_phone_needs_the_pin_to_tell_who_is_asking(world: World, folders: Folders) -> None:
    consent(world, world.maria)
    consent(world, world.juana)  # the same phone
    set_pin(world, world.juana, "2222")
    [reply] = answer_to(folders, "SALDO")
    assert "SALDO 1234" in reply
    [reply] = answer_to(folders, "SALDO 2222", serial=1)
    assert reply.startswith("Juana:")


def test_wrong_pins_by_sms_lock_the_pin_of_the_centre_s_device_too(
    world: World, folders: Folders
) -> None:
    consent(world, world.maria)
    set_pin(world, world.maria, "4821")
    answer_to(folders, "SALDO 1111")  # a wrong try counts, like one on the device
    assert MemberPin.objects.get(member=world.maria).failures == 1
    [reply] = answer_to(folders, "saldo 4821", serial=1)
    assert reply.startswith("Maria: su saldo")
    assert MemberPin.objects.get(member=world.maria).failures == 0  # the right one resets
    answer_to(folders, "SALDO", serial=2)  # no PIN sent is no try
    assert MemberPin.objects.get(member=world.maria).failures == 0
    for n in range(5):
        answer_to(folders, "SALDO 0000", serial=10 + n)
    assert MemberPin.objects.get(member=world.maria).locked
    Outgoing.objects.filter(kind=Kind.HELP).delete()  # tomorrow: a help a day again
    [reply] = answer_to(folders, "saldo 4821", serial=20)
    assert reply == "Minka CAM: su clave esta bloqueada. Pida una nueva a su coordinadora."
    assert Inbound.objects.filter(outcome=Outcome.ANSWERED).count() == 1
    # Rosa gives her a new one (here, on the member's page): it works at once by SMS.
    set_pin(world, world.maria, "1357")
    [reply] = answer_to(folders, "saldo 1357", serial=21)
    assert reply.startswith("Maria: su saldo")


def test_on_a_shared_phone_one_member_s_pin_is_no_wrong_try_for_the_other(
    world: World, folders: Folders
) -> None:
    consent(world, world.maria)
    consent(world, world.juana)  # the same phone
    set_pin(world, world.maria, "1111")
    set_pin(world, world.juana, "2222")
    [reply] = answer_to(folders, "SALDO 2222")
    assert reply.startswith("Juana:")
    assert MemberPin.objects.get(member=world.maria).failures == 0
    answer_to(folders, "SALDO 3333", serial=1)  # nobody's: a wrong try for each
    assert [p.failures for p in MemberPin.objects.order_by("member__number")] == [1, 1]


def test_floods_huge_and_odd_messages_cost_nothing_and_break_nothing(
    world: World, folders: Folders, settings: object
) -> None:
    consent(world, world.maria)
    for i in range(20):
        folders.receive(MARIA_PHONE, "SALDO", serial=i)
    folders.receive("+51911222333", "x" * 100_000, serial=50)  # huge: read only its start
    folders.receive("MOVISTAR", "Recarga y gana!", serial=51)  # an operator's promotion
    (folders.inbox / "IN-garbage.txt").write_bytes(b"\xff\x00\xfe")  # not gammu's name
    (folders.inbox / "IN20261201_120000_52_+51922333444_00.txt").write_bytes(b"\xc3\x28 SALDO")
    worker.poll()
    assert not list(folders.inbox.iterdir())
    assert Inbound.objects.count() == 24
    answers = Outgoing.objects.filter(phone=MARIA_PHONE, kind=Kind.ANSWER).count()
    assert answers == 6  # MINKA_SMS_MAX_PER_HOUR
    assert Inbound.objects.filter(outcome=Outcome.RATE_LIMITED).count() == 14
    huge = Inbound.objects.get(phone="+51911222333")
    assert len(huge.text) == 480 and huge.length > 30_000  # the start of 100,000
    assert Inbound.objects.filter(outcome=Outcome.NOT_A_MOBILE).count() == 2
    assert not Outgoing.objects.filter(phone="").exists()


def test_a_crash_after_writing_the_outbox_never_sends_twice(world: World, folders: Folders) -> None:
    consent(world, world.maria)
    msg = services.message_queue(
        phone=MARIA_PHONE, text="hola", kind=Kind.NOTICE, member=world.maria
    )
    assert msg is not None
    worker.poll()
    # The worker died after writing the file but before recording it: undo the record.
    Outgoing.objects.filter(id=msg.id).update(status=Status.QUEUED, attempts=0, spool_name="")
    worker.poll()
    assert len(list(folders.outbox.iterdir())) == 1
    # and an inbox file read again after a crash is not answered again
    folders.receive(MARIA_PHONE, "SALDO")
    worker.poll()
    folders.receive(MARIA_PHONE, "SALDO")
    worker.poll()
    assert Outgoing.objects.filter(kind=Kind.ANSWER).count() == 1


def test_a_refused_message_is_retried_then_marked_failed(
    world: World, folders: Folders, settings: object
) -> None:
    consent(world, world.maria)
    msg = services.message_queue(
        phone=MARIA_PHONE, text="hola", kind=Kind.NOTICE, member=world.maria
    )
    assert msg is not None
    for attempt in (1, 2, 3):
        worker.poll()
        [name] = [p.name for p in folders.outbox.iterdir()]
        assert name.endswith(f"-{attempt}.txt")
        (folders.outbox / name).rename(folders.error / name)  # the modem refused it
        worker.poll()
        Outgoing.objects.filter(id=msg.id).update(next_attempt_at=timezone.now())
    msg.refresh_from_db()
    assert (msg.status, msg.attempts) == (Status.FAILED, 3)
    worker.poll()
    assert not list(folders.outbox.iterdir()) and not list(folders.error.iterdir())


def test_notices_go_once_and_never_about_a_sensitive_training(
    world: World, folders: Folders
) -> None:
    consent(world, world.maria)
    services.settings_update(
        group=world.camacani,
        cost_per_segment=Decimal("0.12"),
        notices={"payday", "allocation", "meeting", "training"},
    )
    today = timezone.localdate()
    order_in_production(world, quantity=6)
    governance.meeting_create(
        group=world.camacani, kind="weekly", held_on=today + timedelta(days=1)
    )
    for topic, sensitive in (("Tenido natural", False), ("Derechos y violencia", True)):
        learning.training_create(
            group=world.camacani,
            topic=topic,
            kind="rights" if sensitive else "technique",
            starts_on=today + timedelta(days=2),
            ends_on=today + timedelta(days=2),
            sensitive=sensitive,
            trainer_name="Ana",
        )
    worker.poll()
    worker.poll()
    texts = outbox_texts(folders)
    assert any("nuevo encargo" in t for t in texts)
    assert any("Reunion el" in t for t in texts)
    assert any("Tenido natural" in t for t in texts)
    assert not any("Derechos" in t or "violencia" in t for t in texts)
    assert len(texts) == 3 == Outgoing.objects.filter(kind=Kind.NOTICE).count()


def test_the_treasurer_counts_messages_and_cost_by_month(world: World, folders: Folders) -> None:
    consent(world, world.maria)
    services.settings_update(group=world.camacani, cost_per_segment=Decimal("0.12"), notices=set())
    answer_to(folders, "SALDO")
    answer_to(folders, "2", serial=1)
    for name in [p.name for p in folders.outbox.iterdir()]:
        (folders.outbox / name).rename(folders.sent / name)
    worker.poll()
    assert Outgoing.objects.filter(status=Status.SENT).count() == 2
    teresa = world.client_for(world.teresa)
    page = teresa.get(f"/g/{world.camacani.id}/sms/").content.decode()
    assert "S/ 0.24" in page


def test_spool_folders_missing_are_reported_and_nothing_is_lost(
    world: World, folders: Folders
) -> None:
    consent(world, world.maria)
    msg = services.message_queue(
        phone=MARIA_PHONE, text="hola", kind=Kind.NOTICE, member=world.maria
    )
    assert msg is not None
    folders.outbox.rename(Path(str(folders.outbox) + "-gone"))
    result = worker.poll()
    assert result.problems
    msg.refresh_from_db()
    assert msg.status == Status.QUEUED
    page = world.client_for(world.rosa).get(f"/g/{world.camacani.id}/sms/")
    assert 'data-status="spool"' in page.content.decode()


def test_the_parts_of_a_long_message_are_read_as_one(world: World, folders: Folders) -> None:
    for part, text in enumerate(["Quisiera saber mi ", "saldo por favor"]):
        name = f"IN20261201_120000_00_{MARIA_PHONE}_{part:02d}.txt"
        (folders.inbox / name).write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    worker.poll()
    inbound = Inbound.objects.get()
    assert inbound.text == "Quisiera saber mi saldo por favor"
    assert not list(folders.inbox.iterdir())


def test_the_worker_command_runs_one_poll_and_refuses_when_sms_is_off(
    world: World, folders: Folders, settings: object
) -> None:
    import io

    import pytest
    from django.core.management import CommandError, call_command

    consent(world, world.maria)
    folders.receive(MARIA_PHONE, "1")
    out = io.StringIO()
    call_command("sms", "--once", stdout=out)
    assert "received 1, answered 1" in out.getvalue()
    assert len(outbox_texts(folders)) == 1
    settings.MINKA_SMS_GAMMU_CONFIG = ""  # type: ignore[attr-defined]  # pytest-django's settings fixture takes any setting
    with pytest.raises(CommandError, match="SMS is off"):
        call_command("sms", "--once")
