#!/usr/bin/env python
"""SMS figures: answers per second through gammu-smsd's folders, and segments per answer.

    .venv/bin/python bench/sms.py                 # demo data, 300 messages, real gammu-smsd
    .venv/bin/python bench/sms.py --messages 60 --gammu 30

Loads the demo into a fresh SQLite database in a temporary folder, gives every active
member a phone and her SMS consent, then measures:

1. segments: for every member, the answers to SALDO, TRABAJO and REUNION in each of the
   three languages and in her own: segments (GSM-7 160/153, UCS-2 70/67), mean and max,
   and the share that fit one SMS;
2. worker: N received messages laid in gammu-smsd's inbox folder as its FILES backend
   writes them; one `minka sms` poll reads, answers and writes them to the outbox:
   messages answered per second (Minka's side alone);
3. gammu: the real gammu-smsd with Gammu's dummy phone: M messages delivered to the
   'modem', from their arrival to every answer in the sent folder, with gammu-smsd's
   default LoopSleep = 1 s and with LoopSleep = 0 (busy loop, the daemon's ceiling).

Writes bench/results/sms.json (or --json FILE) and prints a short table.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--messages", type=int, default=300, help="Messages for the worker alone.")
p.add_argument("--gammu", type=int, default=30, help="Messages through the real daemon.")
p.add_argument("--json", type=Path)
ARGS = p.parse_args()

DATA_DIR = tempfile.mkdtemp(prefix="minka-bench-sms-")
SPOOL = Path(DATA_DIR) / "sms"
os.environ["MINKA_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minka.settings")
os.environ["MINKA_DEV"] = "true"
os.environ.pop("MINKA_DATABASE_URL", None)
os.environ["MINKA_SMS_GAMMU_CONFIG"] = str(SPOOL / "smsdrc")
os.environ["MINKA_SMS_PIDFILE"] = str(SPOOL / "smsd.pid")
os.environ["MINKA_SMS_MAX_PER_HOUR"] = "1000"  # the bench floods on purpose

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from minka.members.models import Member, MemberStatus  # noqa: E402
from minka.privacy.models import ConsentMethod  # noqa: E402
from minka.sms import answers, gsm, services, worker  # noqa: E402
from minka.sms.models import Outgoing, Status  # noqa: E402
from minka.sms.words import LANGUAGES, language_for  # noqa: E402


def config(loopsleep: int) -> None:
    for name in ("inbox", "outbox", "sent", "error", "dummy"):
        (SPOOL / name).mkdir(parents=True, exist_ok=True)
    (SPOOL / "smsdrc").write_text(
        f"[gammu]\nmodel = dummy\nconnection = none\ndevice = {SPOOL}/dummy\n\n[smsd]\n"
        f"service = files\ninboxpath = {SPOOL}/inbox/\noutboxpath = {SPOOL}/outbox/\n"
        f"sentsmspath = {SPOOL}/sent/\nerrorsmspath = {SPOOL}/error/\n"
        "inboxformat = unicode\noutboxformat = unicode\ntransmitformat = auto\n"
        f"commtimeout = 1\nreceivefrequency = 1\nstatusfrequency = 0\nloopsleep = {loopsleep}\n"
        "checksecurity = 0\ncheckbattery = 0\nchecksignal = 0\ncheckNetwork = 0\n"
        f"logfile = {SPOOL}/smsd.log\n"
    )


def setup() -> list[Member]:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("demo", verbosity=0, stdout=devnull)
    coordinator = User.objects.get(username="coordinadora")
    members = list(Member.objects.filter(status=MemberStatus.ACTIVE).select_related("group"))
    for i, m in enumerate(members):
        m.phone = f"9{10_000_000 + i:08d}"
        m.save(update_fields=["phone"])
        services.consent_record(member=m, given=True, how=ConsentMethod.SIGNED, by=coordinator)
    return members


def segments(members: list[Member]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    asks = {
        "SALDO": lambda m, lang: answers.balance(m, lang),
        "TRABAJO": lambda m, lang: answers.work(m, lang),
        "REUNION": lambda m, lang: answers.meeting(m.group, lang),
    }
    for lang in (*LANGUAGES, "hers"):
        for ask, make in asks.items():
            counts = []
            for m in members:
                text = make(m, language_for(m.languages, None) if lang == "hers" else lang)
                c = gsm.count(text)
                assert c.encoding == gsm.GSM7, text
                counts.append(c.segments)
            out[f"{lang}/{ask}"] = {
                "mean": round(statistics.mean(counts), 2),
                "max": max(counts),
                "one_sms": round(sum(1 for c in counts if c == 1) / len(counts), 3),
            }
    return out


def worker_rate(members: list[Member], n: int) -> dict[str, Any]:
    config(1)
    words = ["SALDO", "2", "REUNION", "qullqi", "TANTACHAWI", "llamkay"]
    for i in range(n):
        m = members[i % len(members)]
        stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
        name = SPOOL / "inbox" / f"IN{stamp}_{i % 100:02d}_+51{m.phone}_{i // 100:02d}.txt"
        name.write_bytes(b"\xfe\xff" + words[i % len(words)].encode("utf-16-be"))
    start = time.perf_counter()
    result = worker.poll()
    seconds = time.perf_counter() - start
    assert result.received == n and result.spooled == result.answered == n, result
    for f in (SPOOL / "outbox").iterdir():
        f.unlink()
    Outgoing.objects.filter(status=Status.SPOOLED).update(status=Status.SENT)
    return {"messages": n, "seconds": round(seconds, 3), "per_second": round(n / seconds, 1)}


def gammu_rate(members: list[Member], n: int, loopsleep: int) -> dict[str, Any]:
    binary = shutil.which("gammu-smsd")
    if binary is None:
        return {"skipped": "gammu-smsd is not installed (apt-get install gammu-smsd)"}
    config(loopsleep)
    for folder in ("sent", "inbox", "outbox"):
        for f in (SPOOL / folder).iterdir():
            f.unlink()
    proc = subprocess.Popen(
        [binary, "-c", str(SPOOL / "smsdrc"), "-p", str(SPOOL / "smsd.pid")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.5)
        sms_dir = SPOOL / "dummy" / "sms" / "1"
        sms_dir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        since = timezone.now()
        # gammu-smsd names a received file after the time the phone sent it: give each
        # run its own times, or Minka rightly takes them for messages it already read.
        sent = datetime.now() + timedelta(hours=loopsleep + 1)
        for i in range(n):
            m = members[i % len(members)]
            (sms_dir / str(i + 1)).write_text(
                f'\n[SMSBackup000]\nSMSC = "+51999000000"\nState = UnRead\n'
                f'Number = "+51{m.phone}"\nCoding = Default\nFolder = 1\n'
                f"Sent = {(sent + timedelta(seconds=i)):%Y%m%dT%H%M%S}\n"
                f"Text00 = {'SALDO'.encode('utf-16-be').hex()}\n"
            )
        deadline = start + 30 + 3 * n
        ours = Outgoing.objects.filter(status=Status.SENT, kind="answer", created_at__gte=since)
        while time.perf_counter() < deadline:
            worker.poll()
            if ours.count() >= n:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        done = ours.count()
    finally:
        proc.terminate()
        proc.wait(10)
    return {
        "loopsleep": loopsleep,
        "messages": n,
        "answered_and_sent": done,
        "seconds": round(seconds, 2),
        "per_second": round(done / seconds, 2),
    }


def main() -> None:
    members = setup()
    results: dict[str, Any] = {
        "members": len(members),
        "languages": {
            lang: sum(1 for m in members if language_for(m.languages, None) == lang)
            for lang in LANGUAGES
        },
        "segments": segments(members),
        "worker": worker_rate(members, ARGS.messages),
    }
    results["gammu"] = []
    for loopsleep in (1, 0):
        results["gammu"].append(gammu_rate(members, ARGS.gammu, loopsleep))
        Outgoing.objects.exclude(status=Status.SENT).update(status=Status.SENT)
    out = ARGS.json or ROOT / "bench" / "results" / "sms.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"members with a phone and consent: {results['members']} {results['languages']}")
    print("segments per answer (mean / max / share in one SMS):")
    for key, v in results["segments"].items():
        print(f"  {key:<16} {v['mean']:>5} {v['max']:>3} {v['one_sms']:>6.1%}")
    w = results["worker"]
    print(f"worker alone: {w['messages']} answered in {w['seconds']} s = {w['per_second']}/s")
    for g in results["gammu"]:
        print(f"through gammu-smsd: {g}")
    shutil.rmtree(DATA_DIR, ignore_errors=True)


main()
