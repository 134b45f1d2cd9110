"""The SMS folders of gammu-smsd in a temporary directory, and the real daemon on them
with Gammu's dummy phone driver (a folder standing in for the modem)."""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from minka.conftest import World
from minka.privacy.models import ConsentMethod
from minka.sms import services

MARIA_PHONE = "+51987654321"


@dataclass
class Folders:
    root: Path
    config: Path
    pidfile: Path
    dummy: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def sent(self) -> Path:
        return self.root / "sent"

    @property
    def error(self) -> Path:
        return self.root / "error"

    def receive(
        self, sender: str, text: str, when: str = "20261201_120000", serial: int = 0
    ) -> str:
        """A received message as gammu-smsd's FILES backend leaves it (unicode format)."""
        name = f"IN{when}_{serial:02d}_{sender}_00.txt"
        (self.inbox / name).write_bytes(text.encode("utf-16-be").join([b"\xfe\xff", b""]))
        return name


def write_config(root: Path, device: Path) -> Path:
    config = root / "smsdrc"
    config.write_text(
        f"""[gammu]
model = dummy
connection = none
device = {device}

[smsd]
service = files
inboxpath = {root}/inbox/
outboxpath = {root}/outbox/
sentsmspath = {root}/sent/
errorsmspath = {root}/error/
inboxformat = unicode
outboxformat = unicode
transmitformat = auto
commtimeout = 1
receivefrequency = 1
statusfrequency = 0
loopsleep = 1
checksecurity = 0
checkbattery = 0
checksignal = 0
checknetwork = 0
logfile = {root}/smsd.log
"""
    )
    return config


@pytest.fixture
def folders(tmp_path: Path, settings: Any) -> Folders:
    for name in ("inbox", "outbox", "sent", "error", "dummy"):
        (tmp_path / name).mkdir()
    config = write_config(tmp_path, tmp_path / "dummy")
    settings.MINKA_SMS_GAMMU_CONFIG = str(config)
    settings.MINKA_SMS_PIDFILE = str(tmp_path / "smsd.pid")
    return Folders(tmp_path, config, tmp_path / "smsd.pid", tmp_path / "dummy")


def consent(world: World, member: Any, phone: str = MARIA_PHONE) -> None:
    member.phone = phone
    member.save(update_fields=["phone"])
    services.consent_record(member=member, given=True, how=ConsentMethod.SIGNED, by=world.rosa)


def wait_until(check: Callable[[], Any], seconds: float = 20.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s")


# --- the real daemon ------------------------------------------------------------------------


def gammu_or_skip() -> str:
    path = shutil.which("gammu-smsd")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gammu-smsd is missing in CI: scripts/test installs it as root")
        pytest.skip(
            "gammu-smsd is not installed (apt-get install gammu-smsd; scripts/test does it "
            "when run as root)"
        )
    return path


class Daemon:
    """gammu-smsd running on the folders, its modem the dummy driver's folder."""

    def __init__(self, folders: Folders) -> None:
        self.folders = folders
        self.binary = gammu_or_skip()
        self.process: subprocess.Popen[bytes] | None = None
        self.injected = 0

    def start(self, config: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "-c",
                str(config or self.folders.config),
                "-p",
                str(self.folders.pidfile),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: self.folders.pidfile.exists(), 10)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        self.folders.pidfile.unlink(missing_ok=True)

    def deliver(self, sender: str, text: str) -> None:
        """A message arriving at the modem: a file in the dummy phone's SMS inbox."""
        self.injected += 1
        sms_dir = self.folders.dummy / "sms" / "1"
        sms_dir.mkdir(parents=True, exist_ok=True)
        hexed = text.encode("utf-16-be").hex()
        lines = [hexed[i : i + 200] for i in range(0, len(hexed), 200)] or [""]
        body = "\n".join(f"Text{i:02d} = {chunk}" for i, chunk in enumerate(lines))
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        tmp = self.folders.root / f"deliver-{self.injected}"
        tmp.write_text(
            f'\n[SMSBackup000]\nSMSC = "+51999000000"\nState = UnRead\nNumber = "{sender}"\n'
            f"Coding = Default\nFolder = 1\nSent = {stamp}\n{body}\n"
        )
        os.replace(tmp, sms_dir / str(self.injected))


@pytest.fixture
def daemon(folders: Folders) -> Iterator[Daemon]:
    d = Daemon(folders)
    yield d
    d.stop()
