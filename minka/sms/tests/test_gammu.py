"""The real gammu-smsd (Debian's package) with Gammu's dummy phone driver: a member's SMS
arrives at the 'modem', the daemon files it, Minka answers, the daemon sends the answer.
Skipped with the reason where gammu-smsd is not installed; CI installs it and runs these."""

import re
import signal
import time
from pathlib import Path

import pytest

from minka.conftest import World
from minka.sms import services, worker
from minka.sms.models import Inbound, Kind, Outcome, Outgoing, Status
from minka.sms.tests.conftest import MARIA_PHONE, Daemon, Folders, consent, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def sent_names(folders: Folders) -> list[str]:
    return sorted(p.name for p in folders.sent.iterdir())


def transmitted(folders: Folders) -> list[str]:
    log = (folders.root / "smsd.log").read_text(errors="replace")
    return re.findall(r"Transmitted (\S+) \(total", log)


def test_she_texts_saldo_and_the_daemon_sends_minkas_answer(
    world: World, folders: Folders, daemon: Daemon
) -> None:
    consent(world, world.maria)
    daemon.start()
    daemon.deliver(MARIA_PHONE, "Saldo")
    wait_until(lambda: list(folders.inbox.iterdir()))
    worker.poll()
    [name] = wait_until(lambda: sent_names(folders))
    reply = (folders.sent / name).read_bytes().decode("utf-16")
    assert reply == "Maria: su saldo es S/ 0.00. Minka CAM"
    assert f"_{MARIA_PHONE}_" in name
    worker.poll()
    msg = Outgoing.objects.get()
    assert (msg.status, msg.kind, msg.attempts) == (Status.SENT, Kind.ANSWER, 1)
    assert msg.sent_at is not None
    assert Inbound.objects.get().outcome == Outcome.ANSWERED
    assert not sent_names(folders)  # recorded, then cleared
    page = world.client_for(world.rosa).get(f"/g/{world.camacani.id}/sms/").content.decode()
    assert 'data-status="ok"' in page
    assert f"Módem: {folders.dummy}" in page


def test_a_long_message_in_parts_and_an_unknown_number(
    world: World, folders: Folders, daemon: Daemon
) -> None:
    consent(world, world.maria)
    daemon.start()
    daemon.deliver("+51911222333", "Buenas tardes " * 30)
    daemon.deliver("+51911222333", "hola otra vez")
    wait_until(lambda: len(list(folders.inbox.iterdir())) >= 2)
    time.sleep(1.5)
    worker.poll()
    wait_until(lambda: sent_names(folders))
    worker.poll()
    assert Outgoing.objects.filter(phone="+51911222333", status=Status.SENT).count() == 1
    assert Inbound.objects.filter(phone="+51911222333").count() == 2


def test_daemon_stopped_then_back_nothing_lost_nothing_sent_twice(
    world: World, folders: Folders, daemon: Daemon
) -> None:
    consent(world, world.maria)
    # gammu-smsd sends one message per main loop (LoopSleep = 1 s): ten keep this short.
    for i in range(10):
        services.message_queue(
            phone=MARIA_PHONE,
            text=f"aviso {i}",
            kind=Kind.NOTICE,
            member=world.maria,
            notice_key=f"t:{i}",
        )
    worker.poll()  # handed over while gammu-smsd is not running
    assert len(list(folders.outbox.iterdir())) == 10
    page = world.client_for(world.rosa).get(f"/g/{world.camacani.id}/sms/").content.decode()
    assert 'data-status="daemon"' in page
    daemon.start()
    wait_until(lambda: len(sent_names(folders)) >= 2)
    daemon.stop(signal.SIGTERM)  # stopped in the middle of the batch
    worker.poll()
    part = Outgoing.objects.filter(status=Status.SENT).count()
    assert 2 <= part < 10
    assert Outgoing.objects.filter(status=Status.SPOOLED).count() == 10 - part
    daemon.start()
    wait_until(lambda: not list(folders.outbox.iterdir()), 40)
    daemon.stop()
    worker.poll()
    assert Outgoing.objects.filter(status=Status.SENT).count() == 10
    names = transmitted(folders)
    assert len(names) == len(set(names)) == 10  # each message went out exactly once


def test_modem_unplugged_messages_wait_and_go_when_it_is_back(
    world: World, folders: Folders, daemon: Daemon, tmp_path: Path
) -> None:
    consent(world, world.maria)
    # The same folders, but the 'modem' is a device path that is not there.
    text = folders.config.read_text().replace(str(folders.dummy), str(tmp_path / "no" / "modem"))
    unplugged = tmp_path / "unplugged-smsdrc"
    unplugged.write_text(text)
    daemon.start(unplugged)
    daemon.deliver(MARIA_PHONE, "SALDO")  # waits in the modem, unread
    services.message_queue(phone=MARIA_PHONE, text="aviso", kind=Kind.NOTICE, member=world.maria)
    worker.poll()
    time.sleep(3)
    assert len(list(folders.outbox.iterdir())) == 1 and not sent_names(folders)
    assert Outgoing.objects.get().status == Status.SPOOLED
    daemon.stop()
    daemon.start()  # the modem is back

    def both_sent() -> bool:
        worker.poll()
        return Outgoing.objects.filter(status=Status.SENT).count() == 2

    wait_until(both_sent)
    assert Inbound.objects.get().outcome == Outcome.ANSWERED
