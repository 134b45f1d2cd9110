"""gammu-smsd's FILES backend: the folders Minka shares with the daemon.

gammu-smsd owns the modem. It writes each received message into its inbox folder
(IN<date>_<time>_<serial>_<sender>_<part>.txt) and sends every OUT*.txt it finds in its
outbox, then moves the file to the sent folder, or to the error folder when the modem
refused it. Minka only reads and writes those files; it never opens the modem.

Why folders and not gammu's SQL backend: a site runs SQLite, which gammu-smsd's SQL
backend would have to share with Minka (locks, a schema of gammu's own to migrate); the
folders need no database and no password, survive a power cut file by file, and can be
looked at with `ls` by whoever keeps the centre's laptop.
"""

import configparser
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

MAX_READ = 64 * 1024  # a message file larger than this is garbage; read only its start

_INBOX_NAME = re.compile(
    r"^IN(?P<date>\d{8})_(?P<time>\d{6})_(?P<serial>\d{2})_(?P<sender>.+)_(?P<part>\d{2})"
    r"\.(?P<ext>txt|bin|smsbackup)$"
)
_OURS = re.compile(r"_minka-(?P<id>[0-9a-f]{32})-(?P<attempt>\d+)\.txt$")


@dataclass
class Spool:
    config_path: Path
    device: str = ""
    inbox: Path | None = None
    outbox: Path | None = None
    sent: Path | None = None
    error: Path | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def scratch(self) -> Path:
        """Where a message is written before it is renamed into the outbox in one step
        (gammu-smsd would otherwise read a half-written file, and it takes any file it
        finds in the outbox). Beside the outbox, so the rename stays on one disk."""
        assert self.outbox is not None
        return self.outbox.parent / "minka-tmp"


def enabled() -> bool:
    return bool(settings.MINKA_SMS_GAMMU_CONFIG)


def spool() -> Spool:
    """The folders named in gammu-smsd's configuration, with anything wrong with them."""
    path = Path(settings.MINKA_SMS_GAMMU_CONFIG)
    found = Spool(config_path=path)
    parser = configparser.ConfigParser(
        interpolation=None, strict=False, inline_comment_prefixes=(";", "#")
    )
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            parser.read_file(f)
    except (OSError, configparser.Error) as exc:
        found.problems.append(f"{path}: {exc}")
        return found
    sections = {name.lower(): parser[name] for name in parser.sections()}
    empty: dict[str, str] = {}
    phone: Mapping[str, str] = sections.get("gammu", empty)
    smsd: Mapping[str, str] = sections.get("smsd", empty)
    found.device = str(phone.get("device", phone.get("port", "")))
    service = str(smsd.get("service", "")).lower()
    if service != "files":
        found.problems.append(f"[smsd] service = {service or '?'}: Minka needs 'files'")
    for key, attr in (
        ("inboxpath", "inbox"),
        ("outboxpath", "outbox"),
        ("sentsmspath", "sent"),
        ("errorsmspath", "error"),
    ):
        value = smsd.get(key, "")
        if not value:
            found.problems.append(f"[smsd] {key} is not set")
            continue
        folder = Path(value)
        setattr(found, attr, folder)
        if not folder.is_dir() or not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            found.problems.append(f"{folder}: missing or not readable and writable")
    if found.sent is not None and found.sent == found.outbox:
        # gammu-smsd then deletes what it sent, and Minka could not tell sent from lost.
        found.problems.append("[smsd] sentsmspath must differ from outboxpath")
    return found


def daemon_running() -> bool | None:
    """Whether the process in gammu-smsd's PID file is alive; None with no PID file set."""
    pidfile = settings.MINKA_SMS_PIDFILE
    if not pidfile:
        return None
    try:
        pid = int(Path(pidfile).read_text().strip())
        os.kill(pid, 0)
    except PermissionError:  # alive, but another user's (Debian runs it as root)
        return True
    except (OSError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Received:
    name: str  # the first file of the message: the key it is recorded under
    files: tuple[str, ...]
    sender: str
    text: str
    length: int
    received_at: datetime


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16", errors="replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    return text.replace("\x00", "")


def _when(date: str, time: str) -> datetime:
    try:
        naive = datetime.strptime(date + time, "%Y%m%d%H%M%S")
    except ValueError:
        return timezone.now()
    return timezone.make_aware(naive)


def read_inbox(found: Spool, limit: int = 500) -> list[Received]:
    """Messages waiting in the inbox, oldest first, the parts of a long one joined."""
    assert found.inbox is not None
    names = sorted(n for n in os.listdir(found.inbox) if n.startswith("IN"))
    messages: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
    for name in names:
        match = _INBOX_NAME.match(name)
        key: tuple[str, ...] = (
            (match["date"], match["time"], match["serial"], match["sender"]) if match else (name,)
        )
        if key not in messages and len(messages) >= limit:
            continue
        text = ""
        if match and match["ext"] == "txt":
            with (found.inbox / name).open("rb") as f:
                text = _decode(f.read(MAX_READ))
        messages.setdefault(key, []).append((match["part"] if match else "00", name, text))
    out: list[Received] = []
    for found_key, parts in messages.items():
        key = found_key
        parts.sort()
        text = "".join(p[2] for p in parts)
        out.append(
            Received(
                name=parts[0][1],
                files=tuple(p[1] for p in parts),
                sender=key[3][:40] if len(key) == 4 else "",
                text=text,
                length=len(text),
                received_at=_when(key[0], key[1]) if len(key) == 4 else timezone.now(),
            )
        )
    return out


def remove(folder: Path, names: tuple[str, ...] | list[str]) -> None:
    for name in names:
        (folder / name).unlink(missing_ok=True)


def outbox_name(*, created: datetime, priority: str, phone: str, msg_id: str, attempt: int) -> str:
    """OUT<priority><date>_<time>_<serial>_<recipient>_<note>.txt; the note carries the
    message id and attempt, so the same attempt always gets the same name."""
    stamp = timezone.localtime(created).strftime("%Y%m%d_%H%M%S")
    return f"OUT{priority}{stamp}_00_{phone}_minka-{msg_id}-{attempt}.txt"


def already_spooled(found: Spool, name: str) -> bool:
    return any(
        folder is not None and (folder / name).exists()
        for folder in (found.outbox, found.sent, found.error)
    )


def write_outbox(found: Spool, name: str, text: str) -> None:
    """Put a message in the outbox in one step (written aside, synced, then renamed)."""
    assert found.outbox is not None
    found.scratch.mkdir(exist_ok=True)
    tmp = found.scratch / name
    with tmp.open("wb") as f:
        f.write(text.encode("utf-16"))  # with a BOM: gammu-smsd reads it as Unicode
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, found.outbox / name)


@dataclass(frozen=True)
class Finished:
    folder: Path
    name: str
    msg_id: str
    attempt: int
    sent: bool
    at: datetime


def finished(found: Spool) -> list[Finished]:
    """Minka's messages that gammu-smsd has moved to the sent or the error folder."""
    out: list[Finished] = []
    for folder, sent in ((found.sent, True), (found.error, False)):
        if folder is None:
            continue
        for name in sorted(os.listdir(folder)):
            match = _OURS.search(name)
            if not match:
                continue
            try:
                mtime = (folder / name).stat().st_mtime
            except FileNotFoundError:
                continue
            at = datetime.fromtimestamp(mtime, tz=timezone.get_current_timezone())
            out.append(Finished(folder, name, match["id"], int(match["attempt"]), sent, at))
    return out
